/**
 * app_uninstalled and tokens_revoked (bot token): Slack sends both, in either order, possibly to
 * different replicas; each one uninstalls (idempotent). Bolt skips authorization for these two
 * events, so they arrive even after the installation is gone.
 */
import type { EventRouter } from '../../eventRouter';
import { z } from 'zod';
import type { Services } from '../../../services/context';
import { uninstallWorkspace } from '../../../services/workspaceDeletion';
import { isDatabaseUnavailable } from '../../../db/health';

const tokensRevoked = z.object({
  tokens: z.object({ bot: z.array(z.string()).optional(), oauth: z.array(z.string()).optional() }),
});

export function register(events: EventRouter, services: Services): void {
  type Context = { teamId?: string; enterpriseId?: string; isEnterpriseInstall?: boolean };
  const uninstallFor = async (
    context: Context,
    reason: 'app_uninstalled' | 'tokens_revoked',
    logger: { error(message: string): void },
  ) => {
    try {
      const { teamId, enterpriseId, isEnterpriseInstall } = context;
      await uninstallWorkspace(services, { teamId: teamId ?? '', enterpriseId, isEnterpriseInstall, reason });
    } catch (err) {
      if (isDatabaseUnavailable(err)) throw err; // the event router runs it again once the database is back
      logger.error(`uninstall after ${reason} failed: ${(err as Error).message}`);
    }
  };
  events.event('app_uninstalled', async ({ context, logger }) => {
    if (!context.teamId && !context.enterpriseId) return;
    await uninstallFor(context, 'app_uninstalled', logger);
  });
  events.event('tokens_revoked', async ({ event, context, logger }) => {
    const parsed = tokensRevoked.safeParse(event);
    // Only a revoked bot token ends Weaver's access; user tokens are not Weaver's to act on.
    if (!parsed.success || !parsed.data.tokens.bot?.length || (!context.teamId && !context.enterpriseId)) return;
    await uninstallFor(context, 'tokens_revoked', logger);
  });
}
