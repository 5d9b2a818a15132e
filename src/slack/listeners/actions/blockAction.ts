/** The parts of a block_actions payload Weaver's buttons need, validated once. */
import { z } from 'zod';

export const blockActionSchema = z.object({
  user: z.object({ id: z.string(), team_id: z.string().optional() }),
  team: z.object({ id: z.string() }).nullish(),
  trigger_id: z.string().optional(),
  response_url: z.string().optional(),
  actions: z.array(z.object({ action_id: z.string(), value: z.string().optional() })).min(1),
});

export interface BlockAction {
  teamId: string;
  userId: string;
  triggerId?: string;
  fromMessage: boolean;
  value?: string;
}

export function readBlockAction(body: unknown, contextTeamId: string | undefined): BlockAction | null {
  const parsed = blockActionSchema.safeParse(body);
  if (!parsed.success) return null;
  const b = parsed.data;
  const teamId = contextTeamId ?? b.team?.id ?? b.user.team_id;
  if (!teamId) return null;
  return { teamId, userId: b.user.id, triggerId: b.trigger_id, fromMessage: Boolean(b.response_url), value: b.actions[0].value };
}
