// POST /campaigns — a municipality starts a recruitment campaign (a unit: jointly, for several
// of its municipalities or all of them) and gets the code for its flyers and ads.
import { httpHandler, json, parse } from '#shared/http/http-handler';
import { HttpProblem } from '#shared/http/problem';
import { CampaignError, campaignView, createCampaign, createCampaignSchema } from '#shared/domain/campaigns';
import { campaignStore, clock, municipalityDirectory, usageStore } from '#shared/runtime/deps';

export const handler = httpHandler('createCampaign', async (req) => {
  const input = parse(createCampaignSchema, req.body ?? {}, 'body');
  try {
    const campaign = await createCampaign({ campaigns: campaignStore(), usage: usageStore(), clock: clock() }, req.caller!, input, await municipalityDirectory());
    return json(201, campaignView(campaign, { signups: 0, verified: 0, activeAfter90Days: 0, notYet90Days: 0 }, []), { location: `/campaigns/${campaign.id}` });
  } catch (err) {
    if (!(err instanceof CampaignError)) throw err;
    const field = err.field ? `body.${err.field}` : undefined;
    throw new HttpProblem(err.kind === 'forbidden' ? 403 : 400, err.kind === 'forbidden' ? 'Forbidden' : 'Invalid request', field ? `${field}: ${err.message}` : err.message, field ? [{ field, message: err.message }] : []);
  }
});
