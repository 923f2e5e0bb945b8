// Writes schema/campaign.schema.json from the same zod definition that validates campaign files.
import { mkdirSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { campaignSchema } from '../dist/config/schema.js';

const schema = z.toJSONSchema(campaignSchema, { io: 'input', unrepresentable: 'any' });
schema.title = 'campaign-report campaign file';
mkdirSync(new URL('../schema/', import.meta.url), { recursive: true });
writeFileSync(new URL('../schema/campaign.schema.json', import.meta.url), JSON.stringify(schema, null, 2) + '\n');
