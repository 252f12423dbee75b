import type {ListItem, RootContent} from 'mdast'
import {plainBlocks} from './plain-text.js'
import {phrasingText} from './phrasing.js'
import {imperative} from './leadin.js'
import {sentences} from './sentences.js'
import {hasVerb, isDefiningVerb} from './terms.js'

/**
 * L2: when a list is a closed set a student can recall. A lead-in that names
 * the set, a few short items, nothing hidden below them; not a procedure,
 * not the steps of an argument, not a wall of text. Anything else makes no
 * enumeration card (`list-not-a-set`, with the reason).
 */
export type SetVerdict = {set: true; hint?: string} | {set: false; ruleId: string; reason: string}

/** At most this many items: more is a list to look things up in, not a set to recall. */
export const maxSetItems = 12
/** No item's first line longer than this (plain characters). */
const maxItemLength = 200
/** Nor the whole list, nested items included. */
const maxSetLength = 1000

/** Items that go on from the one before: the steps of an argument, not members of a set. */
const argument =
  /^(?:therefore|consequently|thus|hence|so|however|but|moreover|furthermore|additionally|in addition|as a result|in conclusion|then|(?:this|these|it|that)\s+(?:can|could|may|will|would|makes?|allows?|means?|creates?|causes?|leads?|results?|explains?|is why|features?))\b/i
/** A lead-in that announces steps. */
const procedure = /\b(?:steps?|process|procedure|instructions|how to|follow(?:ing)? (?:these|this)|the following happens|in order)\b/i

interface SetLead {
  /** Plain text of the lead-in. */
  text: string
  /** A heading right above, a paragraph, the item the list hangs from. */
  from: 'heading' | 'paragraph' | 'item'
  /** Why the lead-in names no set (`Examples:`), if it does not. */
  instruction?: string
}

export function setVerdict(items: ListItem[], ordered: boolean, lead: SetLead): SetVerdict {
  const notSet = (reason: string): SetVerdict => ({set: false, ruleId: 'list-not-a-set', reason: 'Not an enumeration card: ' + reason})
  if (lead.instruction) return notSet('its lead-in `' + lead.text + '` ' + lead.instruction + ', it names no set to recall')
  if (items.length < 2) return {set: false, ruleId: 'list-too-short', reason: 'Enumeration needs 2 or more items'}
  if (items.length > maxSetItems) return notSet(items.length + ' items are more than a set to recall (' + maxSetItems + ' at most); label its items (`Term: definition`) to get a card each')

  let nested = false
  let length = 0
  let paragraphs = 0
  for (const item of items) {
    const [first, ...rest] = item.children
    if (first?.type !== 'paragraph') return notSet('an item opens with ' + describe(first) + ', not a line of text')
    const line = phrasingText(first.children)
    if (line.length > maxItemLength) return notSet('an item runs to ' + line.length + ' characters (' + maxItemLength + ' at most): a wall of text, not a set')
    if (argument.test(line)) return notSet('its items go on from one another (`' + line.split(/\s+/).slice(0, 3).join(' ') + ' …`): an argument, not a set')
    if (sentences(first.children).length > 1) paragraphs++
    for (const block of rest) {
      if (block.type !== 'list') return notSet('an item holds ' + describe(block) + ' below its line: more than a set to recall')
      nested = true
      for (const sub of block.children) {
        if (sub.children.some((child) => child.type !== 'paragraph')) return notSet('it is nested three levels deep or more')
      }
    }
    length += plainBlocks(item.children).length
  }
  if (length > maxSetLength) return notSet(length + ' characters in all (' + maxSetLength + ' at most): a wall of text, not a set')
  if (paragraphs * 2 > items.length) return notSet('its items are paragraphs of several sentences, not members of a set')
  // Under a heading with no lead-in, full sentences are statements about the heading (`Ethanol has lone pairs…`), not members of a set.
  if (lead.from === 'heading' && items.filter((item) => isStatement(item)).length * 4 >= items.length * 3) return notSet('its items are statements about the heading, not members of a set it names')
  // A long numbered list, or steps that each say a lot, is a procedure; three short named steps may be recalled.
  if (ordered && (items.length > 6 || (procedure.test(lead.text) && length > items.length * 60))) return notSet('the numbered items are the steps of a procedure, not a set to recall')
  if (items.every((item) => isCodeOnly(item))) return notSet('its items are code samples')
  if (items.filter((item) => startsWithLink(item)).length * 2 >= items.length) return notSet('its items are links to resources, not members of a set')
  if (ordered && items.filter((item) => imperative.test(phrasingText(item.children[0]?.type === 'paragraph' ? item.children[0].children : []))).length * 2 >= items.length) {
    return notSet('the numbered items are instructions (`Go to…`, `Install…`): steps, not a set to recall')
  }
  // A count must be the count of what the back shows: with sub-items it is left out.
  return nested ? {set: true} : {set: true, hint: items.length + ' items'}
}

/** A sentence of its own: a capital, a verb, a full stop. */
function isStatement(item: ListItem): boolean {
  const first = item.children[0]
  if (first?.type !== 'paragraph') return false
  const value = phrasingText(first.children)
  return /^[\p{Lu}\p{N}$`*_]/u.test(value) && /[.!]$/.test(value) && (hasVerb(value) || value.toLowerCase().split(/[^\p{L}]+/u).some((word) => isDefiningVerb(word)))
}

function startsWithLink(item: ListItem): boolean {
  const first = item.children[0]
  const lead = first?.type === 'paragraph' ? first.children.find((node) => node.type !== 'text' || node.value.trim()) : undefined
  return lead?.type === 'link' || lead?.type === 'linkReference'
}

function isCodeOnly(item: ListItem): boolean {
  const first = item.children[0]
  return first?.type === 'paragraph' && first.children.every((node) => node.type === 'inlineCode' || (node.type === 'text' && !node.value.trim()))
}

function describe(block: RootContent | undefined): string {
  if (!block) return 'nothing'
  switch (block.type) {
    case 'code':
      return 'code'
    case 'paragraph':
      return 'another paragraph'
    case 'table':
      return 'a table'
    case 'blockquote':
      return 'a quote'
    case 'heading':
      return 'a heading'
    case 'html':
      return 'HTML'
    default:
      return 'a ' + block.type
  }
}
