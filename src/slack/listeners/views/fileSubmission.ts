/** The file chosen in a modal's `file_input` (the departments file, a Slack export), validated with zod. */
import { z } from 'zod';

const submission = z.object({
  user: z.object({ id: z.string().min(1) }),
  team: z.object({ id: z.string() }).nullable().optional(),
  view: z.object({
    id: z.string().min(1),
    state: z.object({
      values: z.record(
        z.string(),
        z.record(z.string(), z.looseObject({ files: z.array(z.looseObject({ id: z.string().min(1) })).optional() })),
      ),
    }),
  }),
});

export interface SubmittedFile {
  userId: string;
  teamId: string | null;
  viewId: string;
  fileId: string;
}

/** The first file of the input at `block`/`action`, or null when none was chosen or the payload is malformed. */
export function submittedFile(body: unknown, block: string, action: string): SubmittedFile | null {
  const parsed = submission.safeParse(body);
  if (!parsed.success) return null;
  const fileId = parsed.data.view.state.values[block]?.[action]?.files?.[0]?.id;
  if (!fileId) return null;
  return { userId: parsed.data.user.id, teamId: parsed.data.team?.id ?? null, viewId: parsed.data.view.id, fileId };
}
