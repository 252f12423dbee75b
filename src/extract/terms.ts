import type {ListItem, Paragraph, PhrasingContent, RootContent} from 'mdast'
import {asParagraph, isBlank, phrasingText, splitLines, text, trimEnd, trimStart} from './phrasing.js'

/**
 * How a term and its definition are written on one line (L1): the forms of
 * a list item, a `**Term**: definition` paragraph or a sentence.
 *
 * - `separator`: `Term: def`, `**Term** - def`, `**Term** (studded…): def`;
 * - `arrow`: `Term = def`, `Term → def`, `**Term** (abbr) $\rightarrow$ def`;
 * - `label`: `**Term**` or `**Term**:` alone, its definition below it;
 * - `verb`: `**Term** is/are/occur…`, `` `origin` references… ``: the
 *   definition is the whole sentence, term included;
 * - `abbreviation`: `**Alanine** (Ala, A)`: the name, then what it is short for;
 * - `link`: `` [`docker create`](url) creates a container `` (a linked
 *   term, no separator).
 */
export interface TermSplit {
  term: PhrasingContent[]
  /** What follows the separator; empty for a label. */
  definition: PhrasingContent[]
  /** The term is marked (bold, italic, code, a link) or the separator says so (an arrow, `=`, a verb). */
  strong: boolean
  /** The author marked the term (bold, italic, code, a link). */
  marked?: boolean
  form: 'separator' | 'arrow' | 'label' | 'verb' | 'abbreviation' | 'link'
}

/** Bold lead words that open a remark, not a term (`**Note:** …`). */
export const admonition =
  /^(?:note|notes|nb|n\.b|ps|tip|tips|hint|warning|caution|important|example|examples|e\.g|remember|remind|reminder|sidenote|side note|aside|tl;?dr|update|edit|info|danger|attention|see also|source|sources|answer|question|q|a|disclaimer|caveat|todo|fixme|prompt|result|output|input|usage|syntax|summary|recap|conclusion|trade-off|tradeoff|explanation|method \d+|for instance|recommended|default \w+)$/i

/** A term is a name, not a sentence. */
const maxTermWords = 8
const maxTermLength = 80

/** Separators right after a marked term: `:`, a dash, `=`, an arrow. */
const afterTermSeparator = /^\s*(?::|=(?=\s)|[\u2014\u2013]|-(?=\s)|→|⟶|⇒|->(?=\s)|=>(?=\s))\s*/
/** `Term: def`, `Term - def`, `Term = def`, `Term → def` in plain text. */
const plainTermSeparator = /^(.+?)(?::\s+|:$|\s+[\u2014\u2013-]\s+|\s+=\s+|\s*(?:→|⟶|⇒)\s*|\s+(?:->|=>)\s+)/
/** TeX arrows written as math between a term and its definition (`$\rightarrow$`). */
const mathArrow = /\\(?:rightarrow|Rightarrow|longrightarrow|Longrightarrow|to|implies|mapsto)\s*$/

/**
 * Verbs that, right after a marked term, make the sentence its definition
 * (`**Bulges** occur when…`, `` `origin` references… ``). A closed list: an
 * open one would read `**Polar** compounds dissolve…` as a term.
 */
const definingVerbs = new Set(
  (
    'is are was were be being been has have had can could may might will would must should shall does do did ' +
    'refer refers mean means describe describes denote denotes represent represents define defines consist consists comprise comprises ' +
    'contain contains include includes occur occurs form forms happen happens serve serves act acts play plays provide provides ' +
    'allow allows enable enables make makes help helps work works use uses store stores produce produces create creates ' +
    'return returns show shows get gets set sets take takes give gives hold holds keep keeps let lets run runs start starts ' +
    'stop stops remove removes delete deletes add adds change changes turn turns convert converts determine determines ' +
    'control controls regulate regulates carry carries transport transports bind binds break breaks build builds cause causes ' +
    'reduce reduces increase increases affect affects involve involves require requires need needs lack lacks become becomes ' +
    'remain remains exist exists appear appears behave behaves mark marks express expresses indicate indicates specify specifies ' +
    'match matches find finds check checks print prints list lists display displays connect connects copy copies move moves ' +
    'combine combines block blocks send sends pause pauses kill kills attach attaches execute executes catalyze catalyzes catalyse catalyses ' +
    'synthesize synthesizes generate generates prevent prevents protect protects support supports maintain maintains ' +
    'measure measures compute computes calculate calculates load loads save saves read reads write writes open opens close closes ' +
    'link links join joins pair pairs fold folds release releases absorb absorbs transmit transmits encode encodes ' +
    'translate translates replicate replicates divide divides grow grows arise arises result results lead leads ' +
    'belong belongs depend depends differ differs relate relates correspond corresponds stand stands ' +
    'tells tell counts count wraps wrap sorts sort filters filter limits limit joins merges merge splits split ' +
    'assigns assign declares declare binds inherits inherit overrides override invokes invoke calls call'
  ).split(' ')
)

/** Words that end a term sentence before it defines: a clause, not a name. */
const clauseStart = /^(?:(?:i|we|you|he|she|it|they|this|that|these|those|there|here)\s+\S|(?:then|so|and|but|or|if|when|while|because|since|after|before|once|now)\b)/i
/** What a dash-split definition may not open with: it goes on from the "term" (`The cell grows - and then it divides`). */
const continuation = /^(?:and|or|but|so|then|when|while|because|since|as|if|though|although|until|unless|whereas|to|of|in|on|at|by|with|for|from)\b/
/** A "term" that stops on a function word is the start of a sentence (`Use S3 bucket for policy to:`). */
const openEnded = /\b(?:to|for|of|in|on|at|by|with|from|is|are|be|been|include|includes|including|as|and|or|the|a|an|like|such|that|which|can|will|may|if|when|into|either|following)$/i

export function isTermLike(term: string): boolean {
  if (term.length === 0 || term.length > maxTermLength) return false
  const words = term.split(/\s+/).length
  if (words > maxTermWords || (words > 4 && term.includes(', '))) return false
  // A sentence, or a URL scheme (`https: …` never happens, `see http://…` does).
  if (/[.!?]\s/.test(term) || /[.!?]$/.test(term) || /:\/\//.test(term)) return false
  // Cut inside a parenthesis (`Transfer exabytes of data (1 EB = …`).
  if ((term.match(/\(/g) ?? []).length !== (term.match(/\)/g) ?? []).length) return false
  return true
}

/** `(Ala, A)`, `(rRNAs)`, `(IV)`: short forms, one word each. */
function isAbbreviation(value: string): boolean {
  const parts = value.split(/\s*[,;/]\s*/)
  return parts.length <= 3 && parts.every((part) => /^[\p{L}\p{N}+#.'-]{1,8}$/u.test(part))
}

/** A leading article is not part of a term (`An ester linkage` is `ester linkage`). */
export function withoutArticle(nodes: PhrasingContent[]): PhrasingContent[] {
  const first = nodes[0]
  if (first?.type === 'text' && /^(?:an?|the)\s+/i.test(first.value)) return trimStart(nodes, /^(?:an?|the)\s+/i)
  if ((first?.type === 'strong' || first?.type === 'emphasis') && first.children[0]?.type === 'text' && /^(?:an?|the)\s+\S/i.test(first.children[0].value)) {
    return [{...first, children: trimStart(first.children, /^(?:an?|the)\s+/i)}, ...nodes.slice(1)]
  }
  return nodes
}

/** Whether a word opens a defining predicate (`are`, `occur`, `refers`). */
/** Verbs no name holds: `These locations may have`, `A good example is water` are clauses, not labels. */
const clauseVerbs = new Set('is are was were be been being has have had can could may might will would must should shall does do did isn\'t aren\'t can\'t won\'t'.split(' '))

/** Whether a phrase holds an auxiliary or a form of `be`: a clause, not a name. */
export function hasVerb(value: string): boolean {
  return value
    .toLowerCase()
    .split(/[^\p{L}']+/u)
    .some((word) => clauseVerbs.has(word))
}

export function isDefiningVerb(word: string | undefined): boolean {
  return word !== undefined && definingVerbs.has(word.toLowerCase())
}

/** Whether text goes on with a defining verb, maybe after an apposition (`, a major group of prokaryotes,`) or a parenthesis (`(aka …)`). */
export function verbAfter(value: string): boolean {
  const match = /^(?:\s*,[^,.;:]{1,100},|\s*\([^()]{1,100}\))?\s+([\p{Ll}]+)\b/u.exec(value)
  return Boolean(match && isDefiningVerb(match[1]))
}

/**
 * Split `Term: definition` (and the other forms of `TermSplit`) at the start
 * of phrasing. `undefined` when the phrasing does not open with a term.
 */
export function splitTermPhrasing(nodes: PhrasingContent[]): TermSplit | undefined {
  const trimmed = trimStart(nodes)
  const withArticle = trimmed[0]?.type === 'text' && /^(?:an?|the)\s+$/i.test(trimmed[0].value) && (trimmed[1]?.type === 'strong' || trimmed[1]?.type === 'emphasis')
  const [lead, ...after] = withArticle ? trimmed.slice(1) : trimmed
  if (!lead) return undefined
  const found = splitAfterLead(lead, after, withArticle)
  if (!found || !isTermLike(phrasingText(found.term))) return undefined
  const split = lead.type === 'strong' || lead.type === 'emphasis' || lead.type === 'inlineCode' || lead.type === 'link' ? {...found, marked: true} : found
  if (split.form === 'separator' && !split.strong && !isPlainTerm(split.term, split.definition)) return undefined
  return split
}

function splitAfterLead(lead: PhrasingContent, after: PhrasingContent[], withArticle: boolean): TermSplit | undefined {
  const next = after[0]
  const nextText = next?.type === 'text' ? next.value : undefined
  const marked = lead.type === 'strong' || lead.type === 'emphasis'

  if (marked || lead.type === 'inlineCode' || lead.type === 'link') {
    const term = marked ? withoutArticle(lead.children) : [lead]
    const labelText = phrasingText([lead])
    // `**Term:** definition`, `**Term:**` alone.
    if (marked && /:\s*$/.test(labelText)) {
      const definition = trimStart(after)
      return {term: trimEnd(term, /:\s*$/), definition, strong: true, form: definition.length > 0 ? 'separator' : 'label'}
    }
    if (withArticle && !(nextText !== undefined && verbAfter(nextText))) return undefined
    // `**Term**` alone (its definition below).
    if (after.every((node) => node.type === 'text' && /^\s*:?\s*$/.test(node.value))) {
      return marked ? {term, definition: [], strong: true, form: 'label'} : undefined
    }
    // `**Term**: def`, `**Term** - def`, `**Term** = def`, `**Term** → def`.
    if (nextText !== undefined && afterTermSeparator.test(nextText)) {
      return {term, definition: trimStart(after, afterTermSeparator), strong: true, form: isArrow(afterTermSeparator.exec(nextText)![0]) ? 'arrow' : 'separator'}
    }
    // `**Term** $\rightarrow$ def`.
    const spaced = trimStart(after)
    if (isMathArrow(spaced[0])) {
      return {term, definition: trimStart(spaced.slice(1)), strong: true, form: 'arrow'}
    }
    // `**Variety of carbon** ($\text{C}$): def`: a parenthesis with a formula or code in it.
    if (marked && nextText !== undefined && /^\s*\([^)]*$/.test(nextText)) {
      const close = after.findIndex((node, position) => position > 0 && position <= 3 && node.type === 'text' && node.value.includes(')'))
      if (close > 0) {
        const closing = after[close] as {value: string}
        const cut = closing.value.indexOf(')') + 1
        const rest = closing.value.slice(cut)
        if (afterTermSeparator.test(rest) && rest.replace(afterTermSeparator, '').trim() !== '') {
          const named = [...term, ...after.slice(0, close), text(closing.value.slice(0, cut))]
          return {term: named, definition: trimStart([text(rest), ...after.slice(close + 1)], afterTermSeparator), strong: true, form: 'separator'}
        }
      }
    }
    if (nextText !== undefined) {
      // `**Rough ER** (studded with ribosomes): def`, `**ribosomal RNAs** (rRNAs) $\rightarrow$ def`.
      const parenthesis = /^\s*(\([^()]{1,60}\))/.exec(nextText)
      if (parenthesis && marked) {
        const rest = nextText.slice(parenthesis[0].length)
        const named = [...term, text(' ' + parenthesis[1])]
        if (afterTermSeparator.test(rest) && rest.trim() !== '') {
          return {term: named, definition: trimStart([text(rest), ...after.slice(1)], afterTermSeparator), strong: true, form: isArrow(afterTermSeparator.exec(rest)![0]) ? 'arrow' : 'separator'}
        }
        if (rest.trim() === '' && isMathArrow(after[1])) {
          return {term: named, definition: trimStart(after.slice(2)), strong: true, form: 'arrow'}
        }
        // `**Alanine** (Ala, A)`: a name and its short forms, nothing else.
        if (/^\s*[.;]?\s*$/.test(rest) && after.length === 1 && isAbbreviation(parenthesis[1].slice(1, -1))) {
          return {term, definition: [text(parenthesis[1].slice(1, -1))], strong: true, form: 'abbreviation'}
        }
      }
      // `` [`docker create`](url) creates… ``, `[FROM](url) Sets the base image`, `` [`docker network create`](url) NAME Create… ``.
      if (lead.type === 'link') {
        if (!isLinkTerm(lead)) return undefined
        const placeholders = /^\s+((?:[A-Z][A-Z0-9_]*(?:\s+|$))*)/.exec(nextText)
        const rest = nextText.slice(placeholders ? placeholders[0].length : 0)
        if (/^\p{L}/u.test(rest) && (/^\p{Ll}/u.test(rest) ? /^\p{Ll}+\b/u.test(rest) : true)) {
          const named = placeholders && placeholders[1].trim() ? [lead, text(' ' + placeholders[1].trim())] : [lead]
          return {term: named, definition: [text(rest), ...after.slice(1)], strong: true, form: 'link'}
        }
        return undefined
      }
      // `**Bulges** occur when…`, `**Bacteria**, a major group…, are…`, `` `origin` references… ``, `` `a` for ask ``.
      if (lead.type === 'inlineCode' && !isCodeName(lead.value)) return undefined
      if (verbAfter(nextText) || (lead.type === 'inlineCode' && lead.value.length <= 3 && /^\s+for\s+\p{L}/u.test(nextText))) {
        return {term, definition: [], strong: true, form: 'verb'}
      }
    }
    return undefined
  }

  // `$\alpha \space helix \rightarrow$ coiled spring`: the term and the arrow in one formula.
  if (lead.type === 'inlineMath' && mathArrow.test(lead.value.trim())) {
    const term: Extract<PhrasingContent, {type: 'inlineMath'}> = {...lead, value: lead.value.trim().replace(mathArrow, '').trim()}
    if (!term.value) return undefined
    return {term: [term], definition: trimStart(after), strong: true, form: 'arrow'}
  }

  if (lead.type === 'text') {
    // `% (percent sign) is a wildcard…`: a symbol, its name, a verb.
    const symbol = /^\s*([^\p{L}\p{N}\s]{1,3}\s+\([^()]{1,30}\))\s+(\p{Ll}+)\b/u.exec(lead.value)
    if (symbol && isDefiningVerb(symbol[2])) return {term: [text(symbol[1])], definition: [], strong: true, form: 'verb'}
    // `"c" is like the German "z"`: a quoted letter or word, a verb.
    const quoted = /^\s*(["“'‘][^"”'’]{1,12}["”'’])\s+(\p{Ll}+)\b/u.exec(lead.value)
    if (quoted && isDefiningVerb(quoted[2])) return {term: [text(quoted[1])], definition: [], strong: true, form: 'verb'}
    // `Mitochondrion, aka the powerhouse of the cell`: a term and its other name.
    const aka = after.length === 0 ? /^\s*([^,]{1,60}?),?\s+(?:aka|a\.k\.a\.?|also known as)\s+(\S.*)$/i.exec(lead.value) : null
    if (aka && !hasVerb(aka[1])) return {term: [text(aka[1].trim())], definition: [text(aka[2].trim())], strong: true, form: 'separator'}
    const match = plainTermSeparator.exec(lead.value)
    if (match) {
      const remainder = lead.value.slice(match[0].length)
      const arrow = isArrow(match[0].slice(match[1].length))
      // `1000 elements = 1ms` is a value, not a term.
      if (arrow && !/^\p{L}/u.test(match[1])) return undefined
      return {term: [text(match[1].trim())], definition: trimStart([...(remainder ? [text(remainder)] : []), ...after]), strong: arrow, form: arrow ? 'arrow' : 'separator'}
    }
    // `Fully saturated fats $\rightarrow$ quasi perfect packing`.
    if (isMathArrow(after[0]) && /^\p{L}/u.test(lead.value.trim())) {
      return {term: [text(lead.value.trim())], definition: trimStart(after.slice(1)), strong: true, form: 'arrow'}
    }
  }
  return undefined
}

function isArrow(separator: string): boolean {
  return /[=→⟶⇒>]/.test(separator)
}

/** A formula that is only an arrow (`$\rightarrow$`). */
function isMathArrow(node: PhrasingContent | undefined): boolean {
  return node?.type === 'inlineMath' && mathArrow.test(node.value.trim()) && node.value.trim().replace(mathArrow, '').trim() === ''
}

/** Code that names something (`origin`, `docker ps -a`, `--source`), not an expression (`Object.assign({}, obj)`). */
function isCodeName(value: string): boolean {
  return /^[\w.@/:+#-]+(?: [\w.@/:+#=-]+){0,4}$/.test(value.trim())
}

/** A linked term: a command in code, an upper-case keyword, or a short name. */
function isLinkTerm(link: PhrasingContent): boolean {
  if (link.type !== 'link') return false
  if (link.children.length === 1 && link.children[0].type === 'inlineCode') return true
  const value = phrasingText(link.children)
  return /^[A-Z][A-Z0-9_.-]*$/.test(value) || (/^\.?[\w.-]+$/.test(value) && value.length <= 30)
}

/**
 * A plain-text split (`Term - def`, `Term: def`) is a term only when the
 * "term" is a name and the definition does not go on from it: `The cell
 * grows - and then it divides`, `1914 - 1918 the war` are sentences.
 */
function isPlainTerm(term: PhrasingContent[], definition: PhrasingContent[]): boolean {
  const name = phrasingText(term)
  const rest = phrasingText(definition)
  if (clauseStart.test(name) || hasVerb(name) || (openEnded.test(name) && /\s/.test(name))) return false
  if (continuation.test(rest) && name.split(/\s+/).length >= 2) return false
  // A range of numbers or dates.
  if (/^[\d.,/]+$/.test(name) && /^\d/.test(rest)) return false
  return true
}

/** A term item and where its definition is. */
export interface Term {
  term: PhrasingContent[]
  definition: RootContent[]
  strong: boolean
  form: TermSplit['form'] | 'heading'
  marked?: boolean
  /** Its definition is only its sub-items, and they are all terms: a label that groups them, not a card. */
  groups?: boolean
}

/** L1: the term an item defines, and its definition. */
export function itemTerm(item: ListItem): Term | undefined {
  const [first, ...rest] = item.children
  // `* ### O(1): Constant time.`
  if (first?.type === 'heading') {
    const split = splitTermPhrasing(first.children)
    if (!split || split.form === 'verb') return undefined
    const blocks = [...(isBlank(split.definition) ? [] : [asParagraph(split.definition)]), ...rest]
    return blocks.length > 0 && !isBlank(blocks) ? {term: split.term, definition: blocks, strong: true, marked: true, form: 'heading'} : undefined
  }
  if (first?.type !== 'paragraph') return undefined
  const split = splitTermPhrasing(first.children)
  if (!split) return labelItem(first, rest)
  const blocks: RootContent[] =
    split.form === 'verb' ? [first, ...rest] : [...(split.definition.length > 0 && !isBlank(split.definition) ? [asParagraph(split.definition)] : []), ...rest]
  if (blocks.length === 0 || isBlank(blocks)) return undefined
  // `- Structural features:` over its sub-items is a label, as `- **Structural features**` is.
  const form = split.form === 'separator' && isBlank(split.definition) ? 'label' : split.form
  const term: Term = {term: split.term, definition: blocks, strong: split.strong, form, ...(split.marked ? {marked: true} : {})}
  // `**Label:**` (or a label after a lead-in) over sub-items that are all terms: they are the cards
  // (unless a sub-item defines the label itself: `**Endoplasmic reticulum**:` over "The **endoplasmic reticulum** is…").
  if (form === 'label' && (/:\s*$/.test(phrasingText(first.children)) || first.children[0]?.type !== 'strong') && onlyTerms(rest, phrasingText(split.term))) term.groups = true
  return term
}

/** `- Naming convention` over its sub-items: an unmarked label whose definition is below it. */
function labelItem(first: Paragraph, rest: RootContent[]): Term | undefined {
  // A label over links (`- JavaScript` over `- [npm](…)`) groups a link collection.
  if (!rest.some((block) => block.type === 'list') || rest.some((block) => block.type === 'list' && block.children.some((item) => startsWithLink(item)))) return undefined
  const lines = splitLines(first.children)
  if (lines.length !== 1) return undefined
  const value = phrasingText(first.children)
  if (!isTermLike(value) || value.split(/\s+/).length > 5 || /[:;,]$/.test(value) || !/^[\p{Lu}\p{N}]/u.test(value) || hasVerb(value)) return undefined
  return {term: first.children, definition: rest, strong: false, form: 'label', ...(onlyTerms(rest) ? {groups: true} : {})}
}

function startsWithLink(item: ListItem): boolean {
  const first = item.children[0]
  return first?.type === 'paragraph' && (first.children[0]?.type === 'link' || first.children[0]?.type === 'linkReference')
}

function onlyTerms(blocks: RootContent[], label?: string): boolean {
  const same = (term: Term | undefined) => label !== undefined && term !== undefined && sameName(phrasingText(term.term), label)
  return blocks.length > 0 && blocks.every((block) => block.type === 'list' && block.children.every((item) => itemTerm(item) && !same(itemTerm(item))))
}

/** `Endoplasmic reticulum (ER)` and `endoplasmic reticulum` name one thing. */
export function sameName(a: string, b: string): boolean {
  const plain = (value: string) => value.toLowerCase().replace(/\([^)]*\)/g, ' ').replace(/[^\p{L}\p{N}]+/gu, ' ').trim()
  return plain(a) === plain(b)
}
