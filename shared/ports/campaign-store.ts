// Port: recruitment campaigns and their codes. A code names exactly one campaign.
import type { Channel } from '#shared/domain/vocabulary';

export interface Campaign {
  readonly id: string;
  /** Printed on flyers and typed at sign-up: capitals, digits and dashes (`UTR-4K7QXM`). */
  readonly code: string;
  readonly name: string;
  readonly period: { readonly from: string; readonly to: string };
  /** The channels the campaign promotes. */
  readonly channels: readonly Channel[];
  /** The municipalities it runs in (one, several, or a whole unit's). */
  readonly municipalities: readonly string[];
  /** Set when a unit runs it for all of its municipalities. */
  readonly unit?: string;
  readonly createdBy: string;
  readonly createdAt: string;
}

export interface CampaignStore {
  /** Stores the campaign if its code is still free; false when the code is taken. */
  create(campaign: Campaign): Promise<boolean>;
  get(id: string): Promise<Campaign | undefined>;
  byCode(code: string): Promise<Campaign | undefined>;
}
