import type {VFile} from 'vfile'
import {VFileMessage} from 'vfile-message'

/**
 * A file's messages as plain data, and back: what a worker thread sends to
 * the main thread, and what the build cache keeps and replays.
 */

/** A message as data (for the cache and for worker threads). */
export interface StoredMessage {
  reason: string
  fatal?: boolean | null
  place?: VFileMessage['place']
  ruleId?: string
  source?: string
  note?: string
  url?: string
  actual?: string
  expected?: string[]
  cause?: StoredMessage | {error: string}
}

export function storeMessages(file: VFile): StoredMessage[] {
  return file.messages.map((message) => storeMessage(message))
}

function storeMessage(message: VFileMessage): StoredMessage {
  const stored: StoredMessage = {reason: message.reason, fatal: message.fatal}
  if (message.place) stored.place = message.place
  if (message.ruleId) stored.ruleId = message.ruleId
  if (message.source) stored.source = message.source
  if (message.note) stored.note = message.note
  if (message.url) stored.url = message.url
  if (message.actual !== undefined) stored.actual = message.actual
  if (message.expected) stored.expected = message.expected
  if (message.cause instanceof VFileMessage) stored.cause = storeMessage(message.cause)
  else if (message.cause !== undefined) stored.cause = {error: String((message.cause as Error)?.message ?? message.cause)}
  return stored
}

/** Put stored messages on a file, as the build that made them did. */
export function replayMessages(file: VFile, messages: StoredMessage[]): void {
  for (const stored of messages) file.messages.push(restore(stored, file))
}

function restore(stored: StoredMessage, file: VFile): VFileMessage {
  const cause = stored.cause && 'reason' in stored.cause ? restore(stored.cause, file) : stored.cause ? new Error(stored.cause.error) : undefined
  const message = new VFileMessage(stored.reason, {place: stored.place, ruleId: stored.ruleId, source: stored.source, cause})
  // As `file.message` makes it.
  if (file.path) {
    message.name = file.path + ':' + message.name
    message.file = file.path
  }
  message.fatal = stored.fatal === null ? undefined : stored.fatal
  if (stored.note !== undefined) message.note = stored.note
  if (stored.url !== undefined) message.url = stored.url
  if (stored.actual !== undefined) message.actual = stored.actual
  if (stored.expected !== undefined) message.expected = stored.expected
  return message
}
