import type { WebClient } from '@slack/web-api';
import type { Services } from '../context';

/** The workspace's Slack client; an introduction job for a workspace that uninstalled fails loudly (and is retried). */
export async function slackClient(services: Services, teamId: string): Promise<WebClient> {
  const c = await services.slackFor(teamId);
  if (!c) throw new Error(`Weaver is not installed in workspace ${teamId}`);
  return c;
}
