import { ApplicationCommandOptionType, MessageFlags } from 'discord.js';
import type { ChatInputCommandInteraction, RESTPutAPIApplicationGuildCommandsJSONBody } from 'discord.js';
import type { Logger } from 'pino';
import type { StaffCommands } from '../staff-commands.js';

/** The slash commands this bot registers; handled by {@link handleCommand}. */
export const SLASH_COMMANDS: RESTPutAPIApplicationGuildCommandsJSONBody = [
  {
    name: 'emergency',
    description: 'Declare, lift or show emergencies',
    options: [
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'declare',
        description: 'Declare an emergency and start its campaign',
        options: [
          { type: ApplicationCommandOptionType.String, name: 'type', description: 'Emergency type, e.g. flood', required: true },
          { type: ApplicationCommandOptionType.String, name: 'params', description: 'key=value pairs, comma separated' },
        ],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'lift',
        description: 'Lift an emergency and cancel its pending posts',
        options: [
          { type: ApplicationCommandOptionType.String, name: 'type', description: 'Emergency type to lift' },
          { type: ApplicationCommandOptionType.String, name: 'id', description: 'Emergency id to lift' },
        ],
      },
      { type: ApplicationCommandOptionType.Subcommand, name: 'status', description: 'Show active emergencies' },
    ],
  },
  {
    name: 'faq',
    description: 'Ask the FAQ',
    options: [
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'ask',
        description: 'Answer a question the way the auto-reply would',
        options: [{ type: ApplicationCommandOptionType.String, name: 'question', description: 'The question', required: true }],
      },
    ],
  },
  {
    name: 'post',
    description: 'Queue a post on the channels',
    options: [
      { type: ApplicationCommandOptionType.String, name: 'text', description: 'Text to post', required: true },
      { type: ApplicationCommandOptionType.String, name: 'channels', description: 'Channel names, comma separated (default: all)' },
    ],
  },
];

export interface CommandContext {
  channelName: string;
  commands: StaffCommands;
  managerRoleIds: readonly string[];
  commsRoleIds: readonly string[];
  logger: Logger;
}

type Role = 'manager' | 'comms' | 'anyone';

interface Invocation {
  role: Role;
  run: (actor: string) => Promise<string>;
}

/** Parses `area=north, level=2` into a params object; values stay strings, templates decide. */
export function parseParams(raw: string | null): Record<string, string> {
  const params: Record<string, string> = {};
  if (raw === null) return params;
  for (const pair of raw.split(',')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    params[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
  }
  return params;
}

function invocationOf(interaction: ChatInputCommandInteraction, commands: StaffCommands): Invocation | undefined {
  const options = interaction.options;
  if (interaction.commandName === 'emergency') {
    const sub = options.getSubcommand(false);
    if (sub === 'declare') {
      const type = options.getString('type', true);
      const params = parseParams(options.getString('params'));
      return { role: 'manager', run: (actor) => commands.declareEmergency({ type, params, actor }) };
    }
    if (sub === 'lift') {
      const type = options.getString('type');
      const id = options.getString('id');
      return {
        role: 'manager',
        run: (actor) =>
          commands.liftEmergency({ actor, ...(type === null ? {} : { type }), ...(id === null ? {} : { id }) }),
      };
    }
    if (sub === 'status') return { role: 'anyone', run: () => commands.emergencyStatus() };
    return undefined;
  }
  if (interaction.commandName === 'faq') {
    const text = options.getString('question', true);
    return { role: 'anyone', run: (actor) => commands.askFaq({ text, actor }) };
  }
  if (interaction.commandName === 'post') {
    const text = options.getString('text', true);
    const channels = (options.getString('channels') ?? '')
      .split(',')
      .map((c) => c.trim())
      .filter((c) => c.length > 0);
    return { role: 'comms', run: (actor) => commands.queuePost({ text, channels, actor }) };
  }
  return undefined;
}

/** Role ids of the invoking member, whether discord.js cached the guild (GuildMember) or not (raw API member). */
function memberRoleIds(interaction: ChatInputCommandInteraction): string[] {
  const member = interaction.member;
  if (member === null) return [];
  if (Array.isArray(member.roles)) return member.roles;
  return [...member.roles.cache.keys()];
}

function allowed(role: Role, interaction: ChatInputCommandInteraction, ctx: CommandContext): boolean {
  if (role === 'anyone') return true;
  const wanted = role === 'manager' ? ctx.managerRoleIds : ctx.commsRoleIds;
  const held = memberRoleIds(interaction);
  return wanted.some((id) => held.includes(id));
}

function clip(text: string): string {
  return text.length <= 2000 ? text : `${text.slice(0, 1999)}…`;
}

/**
 * Runs one slash command. Staff-only commands answer ephemerally (only the caller sees them).
 * The reply is deferred first because declaring an emergency can take longer than the three
 * seconds Discord gives an interaction.
 */
export async function handleCommand(interaction: ChatInputCommandInteraction, ctx: CommandContext): Promise<void> {
  const invocation = invocationOf(interaction, ctx.commands);
  if (invocation === undefined) {
    await interaction.reply({ content: 'Unknown command.', flags: MessageFlags.Ephemeral });
    return;
  }
  if (!allowed(invocation.role, interaction, ctx)) {
    ctx.logger.warn({ user: interaction.user.id, command: interaction.commandName }, 'discord command refused: missing role');
    await interaction.reply({ content: 'You do not have the role needed for this command.', flags: MessageFlags.Ephemeral });
    return;
  }
  const ephemeral = invocation.role !== 'anyone';
  await interaction.deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {});
  let answer: string;
  try {
    answer = await invocation.run(`${ctx.channelName}:${interaction.user.id}`);
  } catch (error) {
    ctx.logger.error({ err: error, command: interaction.commandName }, 'discord command failed');
    answer = `Failed: ${error instanceof Error ? error.message : String(error)}`;
  }
  await interaction.editReply({ content: clip(answer), allowedMentions: { parse: [] } });
}
