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
  events.event('app_uninstalled', async ({ context, logger }) => {
    if (!context.teamId && !context.enterpriseId) return;
    try {
      await uninstallWorkspace(services, {
        teamId: context.teamId ?? '',
        enterpriseId: context.enterpriseId,
        isEnterpriseInstall: context.isEnterpriseInstall,
        reason: 'app_uninstalled',
      });
    } catch (err) {
      if (isDatabaseUnavailable(err)) throw err; // the event router runs it again once the database is back
      logger.error(`uninstall failed: ${(err as Error).message}`);
    }
  });
  events.event('tokens_revoked', async ({ event, context, logger }) => {
    const parsed = tokensRevoked.safeParse(event);
    // Only a revoked bot token ends Weaver's access; user tokens are not Weaver's to act on.
    if (!parsed.success || !parsed.data.tokens.bot?.length || (!context.teamId && !context.enterpriseId)) return;
    try {
      await uninstallWorkspace(services, {
        teamId: context.teamId ?? '',
        enterpriseId: context.enterpriseId,
        isEnterpriseInstall: context.isEnterpriseInstall,
        reason: 'tokens_revoked',
      });
    } catch (err) {
      if (isDatabaseUnavailable(err)) throw err; // the event router runs it again once the database is back
      logger.error(`uninstall after tokens_revoked failed: ${(err as Error).message}`);
    }
  });
}
