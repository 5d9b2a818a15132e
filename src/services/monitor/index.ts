/**
 * Keeping the workspace current from Slack events (the listeners in
 * src/slack/listeners/events/monitoring.ts call one function here per event).
 * Every write is idempotent: memberships apply an event only if it is newer than the last one
 * applied (a leave delivered before its join ends "left"); interaction counts go through the
 * ledger (a message or reaction seen twice counts once). Private channels are ignored unless the
 * workspace enables readPrivateChannels. Message text is read for mentions only, never stored or logged.
 */
export { eventTime } from './shared';
export { memberJoinedOrLeft, type MembershipEvent } from './memberships';
export { channelCreated, channelRenamed, channelStateChanged, type ChannelEventChannel } from './channels';
export { personChanged, type SlackUserEvent } from './people';
export { messagePosted, reactionChanged, type MessageEvent, type ReactionEvent } from './interactions';
