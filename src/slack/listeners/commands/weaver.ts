/**
 * `/weaver <subcommand>`: passions, pause <duration>, resume, optout, optin, mydata, forget, help.
 * Answers are ephemeral; an unknown subcommand or a bad argument gets the help text, not an error.
 * Other features add their subcommands to `SUBCOMMANDS`.
 */
import type { App, AckFn, RespondArguments, RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import { parsePauseDuration } from '../../../domain/prompts';
import { currentPassions } from '../../../services/passions';
import { optIn, optOut, pausePerson, resumePerson } from '../../../services/preferences';
import { sendPersonData } from '../../../services/privacy';
import type { Services } from '../../../services/context';
import { passionsModal } from '../../../views/passionsModal';
import { askModal } from '../../../views/askMessages';
import { choiceConfirmation, forgetModal, helpText } from '../../../views/privacy';
import {
  COMMAND_UNREADABLE,
  commandFailed,
  MY_DATA_ON_ITS_WAY,
  pauseNotUnderstood,
  slackDate,
  unknownSubcommand,
} from '../../../views/replies';

export interface SubcommandContext {
  services: Services;
  teamId: string;
  userId: string;
  args: string[];
  triggerId: string;
  client: WebClient;
  ack: AckFn<string | RespondArguments>;
  respond: RespondFn;
}
type Subcommand = (c: SubcommandContext) => Promise<void>;

const ephemeral = (text: string): RespondArguments => ({ response_type: 'ephemeral', text });

export const SUBCOMMANDS: Record<string, Subcommand> = {
  help: async ({ ack }) => ack(ephemeral(helpText())),
  passions: async ({ ack, services, teamId, userId, triggerId, client }) => {
    await ack();
    const current = await currentPassions(services, teamId, userId);
    await client.views.open({ trigger_id: triggerId, view: passionsModal({ current }) });
  },
  // the topic typed after `ask` fills the modal; the search runs after its submission is acked
  ask: async ({ ack, triggerId, client, args }) => {
    await ack();
    await client.views.open({ trigger_id: triggerId, view: askModal({ topic: args.join(' ') }) });
  },
  pause: async ({ ack, services, teamId, userId, args }) => {
    const days = args.length ? parsePauseDuration(args.join(' ')) : 14;
    if (days === null) return ack(ephemeral(helpText(pauseNotUnderstood(args.join(' ')))));
    const until = await pausePerson(services, teamId, userId, days);
    await ack(ephemeral(choiceConfirmation('paused', slackDate(until))));
  },
  resume: async ({ ack, services, teamId, userId }) => {
    await resumePerson(services, teamId, userId);
    await ack(ephemeral(choiceConfirmation('resumed')));
  },
  optout: async ({ ack, services, teamId, userId }) => {
    await optOut(services, teamId, userId);
    await ack(ephemeral(choiceConfirmation('opted_out')));
  },
  optin: async ({ ack, services, teamId, userId }) => {
    await optIn(services, teamId, userId);
    await ack(ephemeral(choiceConfirmation('opted_in')));
  },
  mydata: async ({ ack, services, teamId, userId, client }) => {
    await ack(ephemeral(MY_DATA_ON_ITS_WAY));
    await sendPersonData(services, client, teamId, userId);
  },
  forget: async ({ ack, triggerId, client }) => {
    await ack();
    await client.views.open({ trigger_id: triggerId, view: forgetModal() });
  },
};

const ALIASES: Record<string, string> = {
  'opt-out': 'optout',
  'opt-in': 'optin',
  unpause: 'resume',
  passion: 'passions',
  '': 'help',
};

const commandSchema = z.object({
  text: z.string().default(''),
  user_id: z.string(),
  team_id: z.string(),
  trigger_id: z.string(),
});

export function register(app: App, services: Services): void {
  app.command('/weaver', async ({ ack, command, client, respond, logger }) => {
    const parsed = commandSchema.safeParse(command);
    if (!parsed.success) return ack(ephemeral(helpText(COMMAND_UNREADABLE)));
    const [first = '', ...args] = parsed.data.text.trim().split(/\s+/).filter(Boolean);
    const name = ALIASES[first.toLowerCase()] ?? first.toLowerCase();
    const handler = SUBCOMMANDS[name];
    if (!handler) return ack(ephemeral(helpText(unknownSubcommand(first))));
    let acked = false;
    const trackedAck: AckFn<string | RespondArguments> = async (r) => {
      acked = true;
      await ack(r);
    };
    try {
      await handler({
        services,
        teamId: parsed.data.team_id,
        userId: parsed.data.user_id,
        args,
        triggerId: parsed.data.trigger_id,
        client,
        ack: trackedAck,
        respond,
      });
    } catch (err) {
      logger.error(`/weaver ${name} failed: ${(err as Error).message}`);
      const sorry = ephemeral(commandFailed(name));
      if (acked) await respond(sorry).catch(() => undefined);
      else await ack(sorry);
    }
  });
}
