import type { ChannelRecord, OutboundMessage, SentMessage } from '../channels/channel.ts';
import type { Db } from '../platform/index.ts';
import type { OutboxRow } from './tables.ts';

/** What a row's outcome tells the layer that owns its message (the inbox). */
export interface DeliveryOutcome {
  state: 'sent' | 'failed' | 'queued';
  /** The platform's description of the failure. */
  reason?: string;
  /** A ChannelErrorCode, or CANCELLED. */
  code?: string;
  externalIds?: string[];
}

/**
 * What an outcome handler leaves for later. A transaction may carry many rows' outcomes (a batch of
 * attempts, a broadcast's cancellation): every row's `atEnd` runs after every row's own changes, so
 * locks that must be taken last in a transaction (the inbox's event order) never come before a row lock.
 */
export interface OutcomeFollowUp {
  /** Still inside the transaction, after all rows; may return work for after the commit. */
  atEnd?: () => Promise<void | (() => void)>;
  /** After the commit (realtime pushes, moving a cascade on). */
  afterCommit?: () => void;
}

/** One row's new state, as an outcome handler gets it. */
export interface RowOutcome {
  row: OutboxRow;
  outcome: DeliveryOutcome;
}

/**
 * Called inside the transaction that changes rows' states (sent, failed, back to queued), once for all the rows
 * it changes, in id order (a batch of recorded attempts, a broadcast's cancellation), so the owner can update its
 * messages with a few multi-row statements instead of a few per row: use `trx`, never an outer handle. A BLOCKED
 * failure has code 'BLOCKED'. Row locks go here; see OutcomeFollowUp.
 */
export type OutcomeHandler = (trx: Db, outcomes: RowOutcome[]) => Promise<void | OutcomeFollowUp>;
/** Sends one message through a channel's adapter; failures are ChannelErrors. */
export type SendFunction = (channel: ChannelRecord, message: OutboundMessage) => Promise<SentMessage>;
/**
 * Changes the text of a message a channel delivered (the channel's optional editMessage), with the buttons it keeps
 * (none: they go). A channel that cannot edit throws a ChannelError (PERMANENT).
 */
export type EditFunction = (
  channel: ChannelRecord,
  chatId: string,
  messageExternalId: string,
  text: string,
  choices: OutboundMessage['choices'],
) => Promise<void>;
/** Where delivery finds a channel (bot) by id: the channel registry. */
export interface ChannelDirectory {
  get(channelId: number): Promise<ChannelRecord | null>;
}

export interface DeliveryCounters {
  /** Claim queries run, and rows they returned. */
  claims: number;
  claimed: number;
  sent: number;
  failed: number;
  retried: number;
  rateLimited: number;
  botPauses: number;
  interrupted: number;
  /** From a send's answer to the commit of its result: the window in which a crash duplicates. */
  recordWindowMs: { count: number; total: number; max: number };
}
