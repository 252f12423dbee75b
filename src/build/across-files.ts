import type {VFile} from 'vfile'
import {saltedCardId} from '../identity/ids.js'

/**
 * The build's check across files, once every file is compiled (each on its
 * own, in a worker or from the cache): Anki matches notes by GUID (a card's
 * id) across the whole collection and decks by name (ignoring case), so
 * files alike in these are not independent.
 *
 * A card id is made from the deck name and the question: two files whose
 * decks have one name (documents with one title) give the same question
 * one id. Anki would take the two cards for one note: importing one
 * package overwrites the other's card or is skipped, and one package
 * holding both gets two notes with one GUID, of which Anki 2.1.55+ only
 * ever updates one (docs/anki.md). So within a build no two files keep one
 * id: the file whose previous JSON had it keeps it (else the first in path
 * order), the others get one salted with their path, remembered in their
 * JSON like any id.
 */

/** One document of a build, as the check sees it. */
export interface Participant {
  source: string
  deck: string
  /** The line that names the deck. */
  deckLine: number
  /** Whether the front matter's `deck:` names it (else the title or the file name). */
  deckChosen: boolean
  ids: string[]
  /** What happened to each card (`Stamped.changes`): an `a`dded card's id was not in the file's previous JSON. */
  changes: string
  /** Not built now (`--watch` rebuilds the files saved): it keeps its ids and is told nothing. */
  fixed?: boolean
}

/** Where a card is: its file (index among the participants) and its place among that file's cards. */
export interface CardAt {
  file: number
  card: number
}

export interface SharedId {
  id: string
  /** The card that keeps the id. */
  keeps: CardAt
  /** The cards that get an id of their own. */
  others: CardAt[]
}

/** Files whose decks have one name, ignoring case as Anki does (its `decks.name` column is `collate unicase`): groups of participant indices, in order. */
export function sharedDecks(participants: Participant[]): number[][] {
  const byName = new Map<string, number[]>()
  for (const [index, participant] of participants.entries()) {
    const key = participant.deck.toLowerCase()
    const list = byName.get(key)
    if (list) list.push(index)
    else byName.set(key, [index])
  }
  return [...byName.values()].filter((files) => files.length > 1)
}

/** Ids that cards of different files share, and which card keeps each. */
export function sharedIds(participants: Participant[]): SharedId[] {
  const first = new Map<string, CardAt>()
  const more = new Map<string, CardAt[]>()
  for (const [file, participant] of participants.entries()) {
    for (const [card, id] of participant.ids.entries()) {
      const seen = first.get(id)
      if (!seen) first.set(id, {file, card})
      else if (seen.file !== file) {
        const list = more.get(id)
        if (list) list.push({file, card})
        else more.set(id, [{file, card}])
      }
    }
  }
  return [...more].map(([id, rest]) => {
    const all = [first.get(id)!, ...rest]
    // A file not built now cannot change; else the one that had the id; else the first in path order.
    const keeps = all.find((at) => participants[at.file].fixed) ?? all.find((at) => participants[at.file].changes[at.card] !== 'a') ?? all[0]
    return {id, keeps, others: all.filter((at) => at !== keeps)}
  })
}

/**
 * The new id of each card that gives its shared id up, by file: salted with
 * the file's path, so a build without the previous JSON gives it again.
 */
export function newIds(participants: Participant[], shared: SharedId[]): Map<number, Map<number, string>> {
  const byFile = new Map<number, Map<number, string>>()
  for (const {id, others} of shared) {
    for (const at of others) {
      let cards = byFile.get(at.file)
      if (!cards) byFile.set(at.file, (cards = new Map()))
      cards.set(at.card, saltedCardId(id, participants[at.file].source))
    }
  }
  return byFile
}

/** What a card of a message is: its front and where it is. */
export interface CardShown {
  front: string
  line: number
}

const fix = 'give each file its own `deck:` in its front matter to keep them apart'

/** The warnings of one shared id, at every card that shares it. */
export function sharedIdMessages(shared: SharedId, participants: Participant[], files: VFile[], cardOf: (at: CardAt) => CardShown) {
  const keeper = participants[shared.keeps.file]
  const kept = cardOf(shared.keeps)
  const why = (elsewhere: string) =>
    'is also asked in ' + elsewhere + ', in a deck of the same name (`' + keeper.deck + '`): the cards would have one id, the note’s GUID, and Anki would take them for one note ' +
    '(importing one overwrites the other or is skipped; one package holding both gets two notes, of which Anki 2.1.55+ only ever updates one). '
  const at = (file: number, line: number) => '`' + participants[file].source + ':' + line + '`'
  if (!keeper.fixed) {
    const others = shared.others.map((other) => at(other.file, cardOf(other).line))
    files[shared.keeps.file].message(
      '`' + kept.front + '` ' + why(list(others)) + 'This card keeps the id, the other' + (others.length === 1 ? ' gets its' : 's get their') + ' own: ' + fix,
      {place: {line: kept.line, column: 1}, ruleId: 'card-id-shared', source: 'studydeck'}
    )
  }
  for (const other of shared.others) {
    const shown = cardOf(other)
    files[other.file].message('`' + shown.front + '` ' + why(at(shared.keeps.file, kept.line)) + 'That card keeps the id, this one gets its own (a new note in Anki): ' + fix, {
      place: {line: shown.line, column: 1},
      ruleId: 'card-id-shared',
      source: 'studydeck'
    })
  }
}

/**
 * The message of files that land in one deck, at each of them: a warning,
 * unless every one of them names the deck in its front matter (`deck:`),
 * which says it is meant (then it is told with `check --verbose`).
 */
export function sharedDeckMessages(group: number[], participants: Participant[], files: VFile[]) {
  const meant = group.every((index) => participants[index].deckChosen)
  for (const index of group) {
    const participant = participants[index]
    if (participant.fixed) continue
    const others = group.filter((other) => other !== index).map((other) => '`' + participants[other].source + '`' + sameNameAs(participants[other].deck, participant.deck))
    const reason = 'The deck `' + participant.deck + '` is also the deck of ' + list(others) + ': Anki puts their cards in one deck (it matches decks by name, ignoring case)'
    const options = {place: {line: participant.deckLine, column: 1}, ruleId: 'deck-shared', source: 'studydeck'}
    if (meant) files[index].info(reason + ', as their `deck:` says', options)
    else files[index].message(reason + '; if they are not meant to share it, ' + fix, options)
  }
}

function sameNameAs(name: string, other: string): string {
  return name === other ? '' : ' (`' + name + '`)'
}

function list(items: string[]): string {
  return items.length <= 1 ? items.join('') : items.slice(0, -1).join(', ') + ' and ' + items[items.length - 1]
}
