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
