import type { Campaign } from '../config/campaign.js';

/** The campaign as both report and summary templates see it. */
export interface CampaignBlock {
  id: string;
  name: string;
  coordinator: string | null;
  classification: string | null;
  participants: string[];
  participantCount: number;
}

/** The `campaign` block of the report and summary models (absent fields are null, never missing). */
export function campaignBlock(campaign: Campaign): CampaignBlock {
  return {
    id: campaign.id,
    name: campaign.name,
    coordinator: campaign.coordinator ?? null,
    classification: campaign.classification ?? null,
    participants: [...campaign.participants],
    participantCount: campaign.participants.length,
  };
}

/** An agency the campaign names that sent nothing: its id, name and country. */
export interface SilentAgency {
  id: string;
  name: string;
  country: string;
}

/** The agencies the campaign names (in campaign-file order) that `reported(country, agency id)` says sent nothing. */
export function silentAgencies(campaign: Campaign, reported: (country: string, agency: string) => boolean): SilentAgency[] {
  return campaign.agencies.filter((a) => !reported(a.country, a.id)).map((a) => ({ id: a.id, name: a.name, country: a.country }));
}
