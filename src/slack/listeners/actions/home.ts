/**
 * Buttons of the App Home: the lead toggle, department pages, Refresh report, Export CSV, Dry run,
 * Settings, Suggest a channel, and the member's frequency choice, blocks (Never suggest… / Allow again) and
 * Join links. Each handler acks
 * at once, validates the payload and calls one service; the service checks lead access itself.
 */
import type { App, BlockAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import type { Services } from '../../../services/context';
import {
  dryRunToLead,
  exportCsvToLead,
  refreshReportNow,
  suggestChannelToLead,
} from '../../../services/home/leadActions';
import {
  chooseFrequency,
  chooseNotifyNoMatch,
  frequencySchema,
  setBlockFromHome,
  showHomeMode,
} from '../../../services/home/page';
import { openAdvancedSettings, openSettings, openUploadForm } from '../../../services/home/settings';
import { ACTIONS } from '../../../views/actionIds';
import { readBlockAction, type BlockAction as Action } from './blockAction';
import { FAILED } from '../../../views/replies';

/** Runs one service for a Home button; a failure is told to the person, never swallowed silently. */
function on(
  app: App,
  services: Services,
  actionId: string | RegExp,
  run: (p: Action, client: WebClient) => Promise<void>,
): void {
  app.action<BlockAction>({ action_id: actionId }, async ({ ack, body, client, context, logger }) => {
    await ack();
    const p = readBlockAction(body, context.teamId);
    if (!p) {
      logger.warn('home action with an unexpected payload ignored');
      return;
    }
    try {
      await run(p, client);
    } catch (err) {
      services.logger.error({ err: (err as Error).message, action: p.actionId }, 'home action failed');
      const dm = (await client.conversations.open({ users: p.userId }).catch(() => null)) as {
        channel?: { id?: string };
      } | null;
      if (dm?.channel?.id) {
        await client.chat
          .postEphemeral({
            channel: dm.channel.id,
            user: p.userId,
            text: FAILED.homeAction,
          })
          .catch(() => undefined);
      }
    }
  });
}

const pageValue = z.coerce.number().int().min(0).max(100_000);
const indexValue = z.coerce.number().int().min(0).max(1_000_000);
const userId = z.string().regex(/^[UW][A-Z0-9]{2,}$/);

export function register(app: App, services: Services): void {
  on(app, services, ACTIONS.homeToggleLead, (p, client) =>
    showHomeMode(services, client, p.teamId, p.userId, p.value === 'lead' ? 'lead' : 'member'),
  );
  on(app, services, new RegExp(`^${ACTIONS.homeDepartmentsPage.replace('.', '\\.')}`), (p, client) =>
    showHomeMode(services, client, p.teamId, p.userId, 'lead', pageValue.catch(0).parse(p.value)),
  );
  on(app, services, ACTIONS.homeRefreshReport, (p, client) => refreshReportNow(services, client, p.teamId, p.userId));
  on(app, services, ACTIONS.homeExportCsv, (p, client) => exportCsvToLead(services, client, p.teamId, p.userId));
  on(app, services, ACTIONS.homeDryRun, (p, client) => dryRunToLead(services, client, p.teamId, p.userId));
  on(app, services, ACTIONS.homeOpenSettings, (p, client) =>
    openSettings(services, client, p.teamId, p.userId, p.triggerId ?? ''),
  );
  on(app, services, ACTIONS.settingsOpenAdvanced, (p, client) =>
    openAdvancedSettings(services, client, p.teamId, p.userId, p.triggerId ?? ''),
  );
  on(app, services, ACTIONS.settingsUploadDepartments, (p, client) =>
    openUploadForm(services, client, p.teamId, p.userId, p.triggerId ?? '', 'departments file'),
  );
  on(app, services, ACTIONS.settingsUploadExport, (p, client) =>
    openUploadForm(services, client, p.teamId, p.userId, p.triggerId ?? '', 'Slack export'),
  );
  on(app, services, ACTIONS.homeSuggestChannel, async (p, client) => {
    const index = indexValue.safeParse(p.value);
    if (index.success) await suggestChannelToLead(services, client, p.teamId, p.userId, index.data);
  });
  on(app, services, ACTIONS.homeFrequency, async (p, client) => {
    const choice = frequencySchema.safeParse(p.selectedValue);
    if (choice.success) await chooseFrequency(services, client, p.teamId, p.userId, choice.data);
  });
  on(app, services, ACTIONS.homeNotifyNoMatch, (p, client) =>
    chooseNotifyNoMatch(services, client, p.teamId, p.userId, p.value === 'on'),
  );
  // "Never suggest…" picks a person (selected_user); "Allow again" carries one (value)
  for (const [actionId, block] of [
    [ACTIONS.homeBlockPerson, true],
    [ACTIONS.homeUnblock, false],
  ] as const) {
    on(app, services, actionId, async (p, client) => {
      const who = userId.safeParse(block ? p.selectedUser : p.value);
      if (!who.success) return;
      await setBlockFromHome(services, client, { teamId: p.teamId, userId: p.userId, blockedUserId: who.data }, block);
    });
  }
  // A Join button is a link: Slack opens the channel; the click only needs an ack.
  app.action({ action_id: ACTIONS.homeJoinChannel }, async ({ ack }) => {
    await ack();
  });
}
