/** The local Discord stand-in: what the playground server and the end-to-end tests use. */
export {
  DiscordStandIn,
  type Acknowledgement,
  type AnsweredRequest,
  type RecordedRequest,
  type StandInEvents,
  type StandInOptions,
} from './stand-in.js';
export * from './ids.js';
export {
  channelById,
  channelJson,
  channelPermissions,
  CHANNELS,
  serverPermissions,
  userById,
  userJson,
} from './guild.js';
export type { StandInChannel } from './guild.js';
export { interactionBase, member, messageJson, nextInteraction } from './payloads.js';
export {
  attachmentPath,
  EPHEMERAL,
  LOADING,
  messageToApi,
  type StoredFile,
  type StoredMessage,
} from './messages.js';
export type { InteractionRecord } from './interactions.js';
export { LIMITS } from './limits.js';
