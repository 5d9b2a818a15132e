/** App Home: builds the person's view model and publishes it. */
import type { WebClient } from '@slack/web-api';
import { homeView } from '../slack/views/home';
import { settingsFor } from '../store/settings';
import type { Services } from './context';

export async function isLead(services: Services, teamId: string, userId: string): Promise<boolean> {
  if (services.config.leads.includes(userId)) return true;
  const settings = await settingsFor(services.db, teamId);
  return settings.leads.includes(userId);
}

export async function publishHome(services: Services, client: WebClient, teamId: string, userId: string): Promise<void> {
  const lead = await isLead(services, teamId, userId);
  await client.views.publish({ user_id: userId, view: homeView({ userId, isLead: lead }) });
}
