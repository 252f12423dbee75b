import type {PhrasingContent} from 'mdast'
import type {Draft} from './context.js'
import {phrasingText, text, trimStart} from './phrasing.js'

/**
 * Every front names what it asks about, shown alone in a review with its
 * context line above it: no empty part, no dangling `›`, no badge
 * (`![CHEM](…badge…)`, `` `CHEM` ``, `[CHEM]`), no label standing for a
 * subject (`TL;DR:`, `Note:`), no instruction in place of one ("Remember the
 * following"), and a heading that only names a kind of part (`Test`,
 * `Side effects`) comes with the heading that names its subject.
 */

/**
 * Headings that name a kind of part of their subject, not a subject: what
 * they hold is about the heading above them (`Biuret reagent › Test`,
 * `Ketamine › Side effects`).
 */
const genericHeading =
  /^(?:tests?|results?|observations?|colou?rs?|examples?|summary|overview|notes?|details?|properties|characteristics|features|table|data|facts|quick facts|key facts|key points|info|information|general|misc|miscellaneous|basics|definitions?|types|classification|comparison|differences|reagents?|conditions|procedure|method|methods|steps|uses|usage|applications|functions?|structure|mechanism|mechanism of action|moa|indications?|contra-?indications?|side effects|adverse effects|adverse reactions|interactions|dosage|dosing|doses?|administration|pharmacokinetics|pharmacodynamics|symptoms|signs|signs and symptoms|causes|aetiology|etiology|risk factors|pathophysiology|diagnosis|investigations|treatment|management|complications|prognosis|epidemiology|advantages|disadvantages|pros and cons|pros|cons|limitations|exceptions|rules|values|formula|formulas|equations)$/i

/** Whether a heading only names a kind of part (`Test`, `Side effects`). */
export function isGenericHeading(value: string): boolean {
  return genericHeading.test(value.replace(/[^\p{L}\p{N}\s-]+/gu, ' ').replace(/\s+/g, ' ').trim())
}

/**
 * The headings (last ones of `context`, the title included) that name the
 * subject of what is under them: the last heading, with the one above it
 * when it is generic (`Biuret reagent › Test`). Empty when there is none
 * but the title.
 */
export function headingSubject(context: string[]): string[] {
  const headings = context.slice(1).filter((heading) => heading.trim() !== '')
  const last = headings[headings.length - 1]
  if (last === undefined) return []
  if (!isGenericHeading(last)) return [last]
  const parent = [context[0], ...headings.slice(0, -1)].reverse().find((heading) => heading && !isGenericHeading(heading))
  return parent ? [parent, last] : [last]
}

/** The nearest heading (or the title) that names a subject. */
function subjectOf(context: string[]): string | undefined {
  return [...context].reverse().find((heading) => heading.trim() !== '' && !isGenericHeading(heading) && !isLabel(heading))
}

/** Words that tell the reader what to do, not what the list is about: "Remember the following", "Note these points". */
const instruction =
  /^(?:(?:please\s+)?(?:remember|recall|note|notice|memori[sz]e|learn|know|consider|review|keep in mind|do not forget|don't forget|make sure|be aware of|be sure to know)(?:\s+(?:all\s+)?(?:of\s+)?(?:the\s+)?(?:following|these|this|that|below))?(?:\s+(?:points?|facts?|things?|items?|list))?|(?:the\s+)?following(?:\s+(?:points?|facts?|things?|items?|list))?|(?:see\s+)?below|as follows|here are (?:the|some)(?:\s+\w+)?|things to (?:remember|know|note))$/i

/** A label that opens a remark and names nothing: `TL;DR:`, `Note:`, `NB:`, `Summary:`, `Important:`. */
const label = /^(?:tl\s*;?\s*dr|tldr|nb|n\.b|note|notes|note well|important|summary|in summary|in short|fyi|hint|tip|key point|key points|remember|warning|caution)\s*[:.!-]?$/i

function isLabel(value: string): boolean {
  return label.test(value.trim())
}

/** `TL;DR:` / `**Note:**` in front of words: the label is left out. */
const leadingLabel = /^\s*(?:tl\s*;?\s*dr|tldr|nb|n\.b\.?|note|important|summary|fyi|hint|tip)\s*[:.!-]\s*/i

/** A badge set in front of words: `` `CHEM` ``, `[CHEM]`, `(PHARM)` in capitals. */
const codeBadge = /^[A-Z][A-Z0-9]{1,7}$/
const textBadge = /^\s*[[(][A-Z][A-Z0-9]{1,7}[\])]\s*/

/** Name every draft's subject (in place). */
export function nameSubjects(drafts: Draft[]): void {
  for (const draft of drafts) nameSubject(draft)
}

function nameSubject(draft: Draft) {
  const last = draft.parts.length - 1
  let parts = draft.parts.map((part, index) => withoutBadges(part, index === last))
  // An instruction or a bare label in place of a subject: the subject (a heading, the title) takes its place.
  parts = parts.map((part, index) => {
    const words = phrasingText(part)
    if (!(isInstruction(words) || isLabel(words))) return part
    // A prompt of its own (an enumeration's lead-in) or a lead: either way it names nothing.
    if (index === last && !draft.hint && parts.length === 1) return part
    const subject = subjectOf(draft.context)
    return subject && !parts.some((other) => phrasingText(other) === subject) ? [text(subject)] : []
  })
  parts = parts.filter((part, index) => index === parts.length - 1 || phrasingText(part) !== '' || part.some((node) => node.type === 'image'))
  // Never a front of nothing: leave the draft as it was (the empty side is reported later).
  if (parts.length > 0 && phrasingText(parts[parts.length - 1]) !== '') draft.parts = parts
}

function isInstruction(words: string): boolean {
  return instruction.test(words.replace(/[:.!]+$/, '').trim())
}

/**
 * Badges in a front: images in a lead (a badge, a logo) and badge images
 * in the prompt (`shields.io`), a capitals code or bracket tag before other
 * words (`` `CHEM` Acids ``, `[BIO] Cells`), a `TL;DR:` label before words.
 */
function withoutBadges(part: PhrasingContent[], prompt: boolean): PhrasingContent[] {
  let nodes = part.filter((node) => !(isBadgeImage(node) && (!prompt || isBadgeUrl(node))))
  if (nodes.length === part.length && !nodes.some((node) => node.type === 'inlineCode' || node.type === 'text')) return part
  const first = nodes[0]
  if (first?.type === 'inlineCode' && codeBadge.test(first.value) && phrasingText(nodes.slice(1)) !== '') nodes = trimStart(nodes.slice(1))
  const lead = nodes[0]
  if (lead?.type === 'text' && textBadge.test(lead.value) && phrasingText(nodes).replace(textBadge, '') !== '') nodes = trimStart(nodes, textBadge)
  const again = nodes[0]
  if (again?.type === 'text' && leadingLabel.test(again.value) && phrasingText(nodes).replace(leadingLabel, '') !== '') nodes = trimStart(nodes, leadingLabel)
  else if ((again?.type === 'strong' || again?.type === 'emphasis') && isLabel(phrasingText(again.children)) && phrasingText(nodes.slice(1)) !== '') nodes = trimStart(nodes.slice(1), /^\s*[:.!-]?\s*/)
  return nodes.length === part.length && nodes.every((node, index) => node === part[index]) ? part : nodes
}

function isBadgeImage(node: PhrasingContent): boolean {
  if (node.type === 'image' || node.type === 'imageReference') return true
  if (node.type === 'link') return node.children.length > 0 && node.children.every((child) => child.type === 'image' || child.type === 'imageReference')
  return node.type === 'html' && /^<img\b[^>]*>$/i.test(node.value.trim())
}

function isBadgeUrl(node: PhrasingContent): boolean {
  const urls: string[] = []
  if (node.type === 'image') urls.push(node.url)
  if (node.type === 'link') for (const child of node.children) if (child.type === 'image') urls.push(child.url)
  if (node.type === 'html') urls.push(/\bsrc\s*=\s*["']?([^"'\s>]+)/i.exec(node.value)?.[1] ?? '')
  return urls.length > 0 && urls.every((url) => /shields\.io|badgen\.net|badge|\/badges?\//i.test(url))
}
