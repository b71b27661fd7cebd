// POST /campaigns — a municipality starts a recruitment campaign (a unit: jointly, for several
// of its municipalities or all of them) and gets the code for its flyers and ads. A caller who may
// not run it is refused by the domain (CampaignError), which the wrapper answers as a problem.
import { httpHandler, json, parse } from '#shared/http/http-handler';
import { campaignView, createCampaign, createCampaignSchema } from '#shared/domain/campaigns';
import type { World } from '#shared/runtime/world';

const wire = (w: World) => ({ campaign: { campaigns: w.stores.campaigns, usage: w.stores.usage, clock: w.clock }, directory: () => w.municipalityDirectory() });

export const handler = httpHandler('createCampaign', wire, async (req, deps) => {
  const input = parse(createCampaignSchema, req.body ?? {}, 'body');
  const campaign = await createCampaign(deps.campaign, req.caller!, input, await deps.directory());
  return json(201, campaignView(campaign, { signups: 0, verified: 0, activeAfter90Days: 0, notYet90Days: 0 }, []), { location: `/campaigns/${campaign.id}` });
});
