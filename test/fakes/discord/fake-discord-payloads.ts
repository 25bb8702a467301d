/** Builders for the Discord API objects the fake hands out (only the fields discord.js reads). */

export const DISCORD_EPOCH = 1_420_070_400_000;

let increment = 0n;
/** Increasing snowflakes with the real layout (creation time in the top bits). */
export function snowflake(at = Date.now()): string {
  increment = (increment + 1n) & 0xfffn;
  return ((BigInt(at - DISCORD_EPOCH) << 22n) | increment).toString();
}

export interface FakeUser {
  id: string;
  username: string;
  bot?: boolean;
}

export function apiUser(user: FakeUser): Record<string, unknown> {
  return {
    id: user.id,
    username: user.username,
    discriminator: '0',
    global_name: user.username,
    avatar: null,
    bot: user.bot ?? false,
  };
}

export function apiMember(user: FakeUser, roles: string[]): Record<string, unknown> {
  return {
    user: apiUser(user),
    roles,
    nick: null,
    avatar: null,
    joined_at: new Date(0).toISOString(),
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
    permissions: '0',
  };
}

export interface MessageInput {
  id?: string;
  channelId: string;
  guildId?: string;
  author: FakeUser;
  content: string;
  mentions?: FakeUser[];
  referenceId?: string;
  nonce?: string;
}

export function apiMessage(input: MessageInput): Record<string, unknown> {
  const id = input.id ?? snowflake();
  return {
    id,
    channel_id: input.channelId,
    ...(input.guildId === undefined ? { channel_type: 1 } : { guild_id: input.guildId }),
    author: apiUser(input.author),
    content: input.content,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: (input.mentions ?? []).map(apiUser),
    mention_roles: [],
    attachments: [],
    embeds: [],
    pinned: false,
    type: input.referenceId === undefined ? 0 : 19,
    flags: 0,
    ...(input.referenceId === undefined
      ? {}
      : { message_reference: { type: 0, message_id: input.referenceId, channel_id: input.channelId } }),
    ...(input.nonce === undefined ? {} : { nonce: input.nonce }),
  };
}

export interface GuildInput {
  id: string;
  channelIds: string[];
  roleIds: string[];
  ownerId: string;
}

export function apiGuild(input: GuildInput): Record<string, unknown> {
  const role = (id: string, position: number) => ({
    id,
    name: id === input.id ? '@everyone' : `role-${id}`,
    permissions: '0',
    position,
    color: 0,
    hoist: false,
    managed: false,
    mentionable: false,
    icon: null,
    unicode_emoji: null,
    flags: 0,
  });
  return {
    id: input.id,
    name: 'Fake City',
    icon: null,
    owner_id: input.ownerId,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles: [role(input.id, 0), ...input.roleIds.map((id, i) => role(id, i + 1))],
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: 0,
    system_channel_flags: 0,
    premium_tier: 0,
    preferred_locale: 'en-US',
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
    joined_at: new Date(0).toISOString(),
    large: false,
    unavailable: false,
    member_count: 1,
    voice_states: [],
    members: [],
    channels: input.channelIds.map((id, i) => ({
      id,
      type: 0,
      guild_id: input.id,
      name: `channel-${i}`,
      position: i,
      permission_overwrites: [],
      nsfw: false,
      topic: null,
      last_message_id: null,
      rate_limit_per_user: 0,
      parent_id: null,
    })),
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}
