// GET /campaigns/{id} — sign-ups with the campaign's code, how many verified, and how many were
// still taking part 90 days after. For its municipalities, their unit and the board.
import { httpHandler, json, parse } from '#shared/http/http-handler';
import { HttpProblem } from '#shared/http/problem';
import { campaignFigures, campaignPathSchema, campaignView, mayReadCampaign } from '#shared/domain/campaigns';
import type { World } from '#shared/runtime/world';

const wire = (w: World) => ({ campaigns: w.stores.campaigns, usage: w.stores.usage, clock: w.clock, directory: () => w.municipalityDirectory() });

export const handler = httpHandler('getCampaign', wire, async (req, deps) => {
  const { id } = parse(campaignPathSchema, req.path, 'path');
  const campaign = await deps.campaigns.get(id);
  if (!campaign) throw HttpProblem.notFound('path.id', `no campaign ${id}`);
  if (!mayReadCampaign(req.caller!, campaign, await deps.directory())) throw new HttpProblem(403, 'Forbidden', 'this campaign is not yours to read');
  const { figures, suppressed } = campaignFigures(await deps.usage.signups(id), deps.clock.now());
  return json(200, campaignView(campaign, figures, suppressed), { 'cache-control': 'private, no-store' });
});
