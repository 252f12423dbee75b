import {reporter} from 'vfile-reporter'
import {VFile} from 'vfile'
import {emptyCounts, hasErrors, type FileResult} from '../build/pipeline.js'
import {noteId} from '../identity/ids.js'
import {newlyRemoved} from '../identity/stamp.js'
import type {ChangeCounts, RemovedCard} from '../shared/types.js'

export interface ReportMessage {
  file: string
  line: number | null
  column: number | null
  severity: 'warning' | 'error' | 'info'
  rule: string | null
  reason: string
}

export interface JsonReport {
  /** `noteTypes` (notes and Anki cards by note type) only where not every note is basic. */
  files: Array<{source: string; deck: string; outputs: string[]} & ChangeCounts & {messages: ReportMessage[]}>
  totals: ChangeCounts & {errors: number; warnings: number}
}

const countNames = ['cards', 'added', 'updated', 'renamed', 'removed', 'unchanged'] as const

/** The build report as data (`build --json`, SPEC §6). Info messages only with `verbose`. */
export function jsonReport(results: FileResult[], verbose = false): JsonReport {
  const totals: JsonReport['totals'] = {cards: 0, added: 0, updated: 0, renamed: 0, removed: 0, unchanged: 0, errors: 0, warnings: 0}
  const files = results.map((result) => {
    const messages = visibleMessages(result.file, verbose).map(
      (message): ReportMessage => ({
        file: result.source,
        line: message.line ?? null,
        column: message.column ?? null,
        severity: message.fatal === true ? 'error' : message.fatal === false ? 'warning' : 'info',
        rule: message.ruleId ?? null,
        reason: message.reason
      })
    )
    // A file with errors is not written: it changed nothing, whatever cards its compile found.
    const counts = hasErrors(result.file) ? emptyCounts : result.counts
    for (const name of countNames) totals[name] += counts[name]
    if (counts.noteTypes) totals.noteTypes = addNoteTypes(totals.noteTypes ?? {}, counts.noteTypes)
    if (counts.emptied) totals.emptied = (totals.emptied ?? 0) + counts.emptied
    totals.errors += messages.filter((message) => message.severity === 'error').length
    totals.warnings += messages.filter((message) => message.severity === 'warning').length
    return {source: result.source, deck: result.deck, outputs: result.outputs, ...pickCounts(counts), messages}
  })
  return {files, totals}
}

/** The build report for people: messages as remark prints them, then what changed. */
export function textReport(results: FileResult[], options: {verbose?: boolean; color?: boolean; write?: boolean} = {}): string {
  const lines: string[] = []
  const withMessages = results.map((result) => {
    const copy = new VFile({path: result.file.path})
    copy.messages = visibleMessages(result.file, options.verbose ?? false)
    return copy
  })
  const messages = reporter(withMessages, {quiet: true, color: options.color ?? false})
  if (messages) lines.push(messages, '')

  for (const result of results) {
    if (!result.document) continue
    const arrow =
      result.outputs.length > 0
        ? ' → ' + result.outputs.join(', ')
        : hasErrors(result.file)
          ? options.write === false
            ? ' (has errors: see above)'
            : ' (not written: see the errors above)'
          : options.write === false
            ? ' (checked, nothing written)'
            : ' (not written)'
    lines.push(result.source + arrow)
    // A file with errors changed nothing: its counts would only alarm (`0 cards: 31 removed`).
    if (hasErrors(result.file)) continue
    lines.push('  ' + countsLine(result.counts))
    if (result.counts.noteTypes) lines.push('  ' + noteTypesLine(result.counts.noteTypes))
    if (result.counts.emptied) {
      const one = result.counts.emptied === 1
      lines.push('  ' + plural(result.counts.emptied, 'cloze deletion') + ' taken away: ' + (one ? 'its card stays' : 'their cards stay') + ' in Anki, empty (Anki’s import never deletes); Tools → Empty Cards deletes ' + (one ? 'it' : 'them'))
    }
    const gone = newlyRemoved(result.document, result.counts)
    if (gone.length > 0) {
      lines.push('  Removed from the notes (Anki’s import never deletes: delete or suspend them in Anki):')
      for (const card of gone) lines.push('    - ' + card.front)
      lines.push('  Find them in Anki’s browser (Browse) by searching: ' + removedSearch(gone))
    }
  }
  if (results.length > 1) {
    const report = jsonReport(results, options.verbose)
    lines.push('', 'total: ' + countsLine(report.totals) + ', ' + plural(report.totals.errors, 'error') + ', ' + plural(report.totals.warnings, 'warning'))
    if (report.totals.noteTypes) lines.push('  ' + noteTypesLine(report.totals.noteTypes))
  }
  return lines.join('\n') + '\n'
}

/** An Anki browser search for removed cards: their notes' ids, as the `.apkg` wrote them (`created`, else the id derived from the card's). */
export function removedSearch(cards: RemovedCard[]): string {
  return 'nid:' + cards.map((card) => card.created ?? noteId(card.id)).join(',')
}

export function countsLine(counts: ChangeCounts): string {
  const parts = (['added', 'updated', 'renamed', 'removed', 'unchanged'] as const)
    .filter((name) => counts[name] > 0)
    .map((name) => counts[name] + ' ' + name)
  return plural(counts.cards, 'card') + (parts.length > 0 ? ': ' + parts.join(', ') : '')
}

function visibleMessages(file: VFile, verbose: boolean) {
  return file.messages.filter((message) => verbose || message.fatal !== undefined)
}

function pickCounts(counts: ChangeCounts): ChangeCounts {
  const picked: ChangeCounts = {cards: counts.cards, added: counts.added, updated: counts.updated, renamed: counts.renamed, removed: counts.removed, unchanged: counts.unchanged}
  if (counts.emptied) picked.emptied = counts.emptied
  if (counts.noteTypes) picked.noteTypes = counts.noteTypes
  return picked
}

type NoteTypes = NonNullable<ChangeCounts['noteTypes']>
const noteTypeNames = ['basic', 'reversed', 'cloze'] as const

function addNoteTypes(sum: NoteTypes, more: NoteTypes): NoteTypes {
  for (const name of noteTypeNames) {
    const add = more[name]
    if (!add) continue
    const entry = (sum[name] ??= {notes: 0, cards: 0})
    entry.notes += add.notes
    entry.cards += add.cards
  }
  return sum
}

/** `as Anki notes: 3 basic, 2 reversed (4 cards), 4 cloze (9 cards); 16 cards to study`: what `cards` (notes) become in Anki. */
export function noteTypesLine(noteTypes: NoteTypes): string {
  let total = 0
  const parts = noteTypeNames.flatMap((name) => {
    const entry = noteTypes[name]
    if (!entry) return []
    total += entry.cards
    return [entry.notes + ' ' + name + (entry.cards === entry.notes ? '' : ' (' + plural(entry.cards, 'card') + ')')]
  })
  return 'as Anki notes: ' + parts.join(', ') + '; ' + plural(total, 'card') + ' to study'
}

function plural(count: number, word: string): string {
  return count + ' ' + word + (count === 1 ? '' : 's')
}
