import type {List, Paragraph, PhrasingContent, RootContent} from 'mdast'
import {contextAt, isTaken, placeOf, type Draft, type ExtractContext} from '../context.js'
import {asParagraph, phrasingText, text, trimEnd, trimStart} from '../phrasing.js'
import {sentences} from '../sentences.js'
import {admonition, isDefiningVerb, isTermLike, verbAfter, withoutArticle} from '../terms.js'

/** Past this many characters the rest of a paragraph is no longer the definition: only its sentence is. */
const maxBackLength = 500

/** What comes right before a term a sentence names (`… is called a **nucleoside**`). */
const namedBefore = /\b(?:is|are|was|were|be|being)\s+(?:also\s+|then\s+|often\s+|commonly\s+|usually\s+|sometimes\s+)?(?:called|named|termed|known\s+as|referred\s+to\s+as)(?:\s+as)?\s+(?:an?\s+|the\s+)?$|\bwhat\s+(?:is|are)\s+called\s+(?:as\s+)?(?:an?\s+|the\s+)?$/i
/** `we define 'cache affinity' as …`, `this is called 'task stealing'`: a quoted or plain term named in plain text. */
const definedAs = /\bwe\s+(?:can\s+)?define\s+(?:an?\s+|the\s+)?['"“‘]?([\p{L}][\p{L}\p{N} -]{1,40}?)['"”’]?\s+as\b/iu
const calledQuoted = /\b(?:is|are)\s+(?:also\s+)?called\s+(?:an?\s+|the\s+)?['"“‘]([^'"”’]{2,40})['"”’]/i

/**
 * L1 in running text: a sentence that defines a marked term. `**Denaturation**
 * is when…`, `A **Region** is…`, `*Particles* are…`, `**Bacteria**, a major
 * group…, are…`, `` `docker ps -a` shows… `` (`list-sentence-term`); `**Term**`
 * alone on a line over its definition; `… it is called a **nucleoside**`, `we
 * define a bitonic sequence as…`, `this is called 'task stealing'`
 * (`list-called-term`); `embedded in the membrane (**integral proteins**)`
 * (`list-parenthetical-term`). Also in the items of lists that are not terms
 * themselves (`- Compounds with an OH group are called **alcohols**.`).
 */
export function extractProseDefinitions(ctx: ExtractContext): Draft[] {
  const children = ctx.tree.children
  const drafts: Draft[] = []
  for (const [index, block] of children.entries()) {
    if (isTaken(ctx, index) || ctx.answers.has(block) || ctx.consumed.has(block)) continue
    if (block.type === 'paragraph') {
      // A definition list's paragraph (`Term⏎: definition`) is its own.
      if (/\n:\s/.test(phrasingText(block.children).replace(/ {2,}/g, '\n')) || block.children.some((node) => node.type === 'text' && /\n:\s/.test(node.value))) continue
      const found = paragraphTerms(block)
      for (const term of found) {
        const answer: RootContent[] = [term.back]
        // `**Amino acids** are molecules composed of the following components:` and its list. (Else the
        // paragraph stays free: its last sentence may still lead into a list of its own.)
        const next = children[index + 1]
        if (term.leadIn && next?.type === 'list' && !isTaken(ctx, index + 1)) {
          answer.push(next)
          ctx.consumed.add(next)
          ctx.consumed.add(block)
        }
        drafts.push({kind: 'list', rule: term.rule, parts: [term.term], answer, context: contextAt(ctx, index), place: placeOf(term.place)})
      }
    } else if (block.type === 'list') {
      for (const term of itemTerms(block)) drafts.push({kind: 'list', rule: term.rule, parts: [term.term], answer: [term.back], context: contextAt(ctx, index), place: placeOf(term.place)})
    }
  }
  return drafts
}

interface Found {
  rule: 'list-sentence-term' | 'list-called-term' | 'list-parenthetical-term'
  term: PhrasingContent[]
  back: Paragraph
  /** The defining sentence ends with `:`: the list below goes on with it. */
  leadIn?: boolean
  place: {position?: Paragraph['position']}
}

function paragraphTerms(paragraph: Paragraph): Found[] {
  // `**NOTE**: The term **backbone** is used to…`: the remark's label is not part of the sentence.
  const [label, after] = paragraph.children
  const opened = (label?.type === 'strong' || label?.type === 'emphasis') && admonition.test(phrasingText(label.children).replace(/:$/, '')) && after?.type === 'text' && /^\s*:?\s/.test(after.value)
  const parts = sentences(opened ? trimStart(paragraph.children.slice(1), /^\s*:?\s*/) : paragraph.children)
  const found: Found[] = []
  for (const [position, sentence] of parts.entries()) {
    const rest = parts.slice(position)
    // `This type of bonding forms what is called a **disulfide bridge**`: the sentence before says what "this" is.
    const from = position > 0 && /^(?:this|these|such|it|they)\b/i.test(phrasingText(sentence)) ? position - 1 : position
    // What follows says more about the term (`This method is called **VAE**. There is no dependency among…`).
    const named = joinSentences(parts.slice(from, position + 3))
    const namedBack = asParagraph(phrasingText(named).length <= maxBackLength ? named : joinSentences(parts.slice(from, position + 1)))
    const onItsLine = position === 0 ? termOnItsLine(sentence) ?? labelOnItsLine(sentence) : undefined
    const subject = onItsLine?.term ?? sentenceSubject(sentence, position === 0)
    if (subject) {
      const tail = joinSentences(onItsLine ? [onItsLine.definition, ...rest.slice(1)] : rest)
      const back = phrasingText(tail).length <= maxBackLength ? tail : sentence
      found.push({rule: 'list-sentence-term', term: subject, back: asParagraph(back), leadIn: /:\s*$/.test(phrasingText(sentence)) && back === tail, place: position === 0 ? paragraph : firstPlaced(sentence, paragraph)})
      continue
    }
    // `**Nucleotides**` on a line of its own, its definition on the next (`Nucleotides are…`).
    const only = trimEnd(sentence, /\s*:?\s*$/)
    if (position === 0 && parts.length > 1 && only.length === 1 && (only[0].type === 'strong' || only[0].type === 'emphasis') && isName(only[0].children) && opensWith(parts[1], phrasingText(only[0].children))) {
      const tail = joinSentences(parts.slice(1))
      found.push({rule: 'list-sentence-term', term: withoutArticle(only[0].children), back: asParagraph(phrasingText(tail).length <= maxBackLength ? tail : parts[1]), place: paragraph})
      break
    }
    for (const term of namedTerms(sentence, true)) found.push({...term, back: namedBack, place: position === 0 ? paragraph : firstPlaced(sentence, paragraph)})
  }
  return found
}

/** `**Emulsion**⏎An emulsion is a mix…` (a soft line break): the term on its line, its definition on the next. */
function termOnItsLine(sentence: PhrasingContent[]): {term: PhrasingContent[]; definition: PhrasingContent[]} | undefined {
  const [lead, after] = trimStart(sentence)
  if ((lead?.type !== 'strong' && lead?.type !== 'emphasis') || after?.type !== 'text' || !/^\s*:?\s*\n/.test(after.value) || !isName(lead.children)) return undefined
  const definition = [{...after, value: after.value.replace(/^\s*:?\s*\n\s*/, '')}, ...sentence.slice(sentence.indexOf(after) + 1)]
  return opensWith(definition, phrasingText(lead.children)) ? {term: withoutArticle(lead.children), definition} : undefined
}

/** `**Intractability** To train the model…`: a bold label opening a paragraph, the paragraph its definition. */
function labelOnItsLine(sentence: PhrasingContent[]): {term: PhrasingContent[]; definition: PhrasingContent[]} | undefined {
  const [lead, after] = trimStart(sentence)
  if (lead?.type !== 'strong' || after?.type !== 'text' || !/^ +\p{Lu}\p{Ll}/u.test(after.value) || !isName(lead.children)) return undefined
  const label = phrasingText(lead.children)
  if (label.split(/\s+/).length > 4 || /^(?:step|part|method|example|option|case|phase|stage|rule|answer|question|solution)\b/i.test(label)) return undefined
  return {term: lead.children, definition: [{...after, value: after.value.replace(/^ +/, '')}, ...sentence.slice(sentence.indexOf(after) + 1)]}
}

/** Whether a sentence opens with the term (`Nucleotides are…` after `**Nucleotides**`). */
function opensWith(sentence: PhrasingContent[], term: string): boolean {
  const words = phrasingText(sentence).toLowerCase().split(/\s+/)
  const first = term.toLowerCase().split(/\s+/)
  return first.every((word, index) => words[index] === word || words[index + 1] === word) || /^(?:this|these|it|they)\s+(?:is|are|refers?|means?)\b/.test(words.join(' '))
}

/** In the first line of a list item that is not a term item: a term named there. */
function itemTerms(list: List): Found[] {
  const found: Found[] = []
  for (const item of list.children) {
    const first = item.children[0]
    if (first?.type === 'paragraph') for (const named of namedTerms(first.children)) found.push({...named, place: item})
    for (const child of item.children) if (child.type === 'list') found.push(...itemTerms(child))
  }
  return found
}

/** A term the sentence names: `called **X**`, `(**X**)`, and in prose (`quoted`) `we define X as`, `called 'X'`. */
function namedTerms(sentence: PhrasingContent[], quoted = false): Array<Omit<Found, 'place'>> {
  const found: Array<Omit<Found, 'place'>> = []
  const back = asParagraph(sentence)
  for (const [at, node] of sentence.entries()) {
    if ((node.type !== 'strong' && node.type !== 'emphasis') || !isName(node.children)) continue
    const before = phrasingText(sentence.slice(0, at))
    const after = sentence[at + 1]
    if (namedBefore.test(before + ' ') || namedBefore.test(before)) {
      found.push({rule: 'list-called-term', term: withoutArticle(node.children), back})
      continue
    }
    // `embedded within the membrane (**integral proteins**)`: the term in parentheses after what it is.
    const previous = sentence[at - 1]
    if (previous?.type === 'text' && /\(\s*$/.test(previous.value) && after?.type === 'text' && /^\s*\)/.test(after.value) && before.replace(/\($/, '').trim().split(/\s+/).length >= 3 && !/[<>/|=]/.test(phrasingText(node.children))) {
      found.push({rule: 'list-parenthetical-term', term: node.children, back})
    }
  }
  if (found.length > 0 || !quoted) return found
  const value = phrasingText(sentence)
  // `what is called "adjective", "adverb", …` names a list of words, not a term.
  const defined = definedAs.exec(value) ?? (/called\s+['"“‘][^'"”’]+['"”’]\s*,\s*['"“‘]/i.test(value) ? null : calledQuoted.exec(value))
  if (defined && isTermLike(defined[1]) && defined[1].split(/\s+/).length <= 5) found.push({rule: 'list-called-term', term: [text(defined[1].trim())], back})
  return found
}

/** The marked term a sentence opens with as its subject (`A **Region** is…`, `` `origin` references… ``). */
function sentenceSubject(sentence: PhrasingContent[], opening: boolean): PhrasingContent[] | undefined {
  let nodes = trimStart(sentence)
  const first = nodes[0]
  // `A **Region** is`, `The term **backbone** is used to describe`.
  const article = first?.type === 'text' && /^(?:(?:an?|the)\s+(?:term\s+)?|the\s+term\s+)$/i.test(first.value)
  if (article) nodes = nodes.slice(1)
  const lead = nodes[0]
  if (!lead) return undefined
  const rest = phrasingText(nodes.slice(1))
  if ((lead.type === 'strong' || lead.type === 'emphasis') && isName(lead.children)) {
    const quoted = /^["'“‘]?(.*?)["'”’]?$/.exec(phrasingText(lead.children))
    if (verbAfter(' ' + rest.replace(/^\s+/, '')) || verbAfter(rest)) return quoted && quoted[1] !== phrasingText(lead.children) ? [text(quoted[1])] : withoutArticle(lead.children)
  }
  // `` `docker ps -a` shows running and stopped containers. `` opening a paragraph, in the present (not `` `x` will… ``, `` `y` can… ``).
  const verb = /^\s*(\p{Ll}+)/u.exec(rest)?.[1]
  if (opening && lead.type === 'inlineCode' && !article && /^[\w.@/:+#-]+(?: [\w.@/:+#=-]+){0,4}$/.test(lead.value.trim()) && verb && /[^s]s$/.test(verb) && isDefiningVerb(verb)) return [lead]
  return undefined
}

/** A marked term: a name, not a remark (`**Note**`), a whole sentence in bold, or a formula in bold. */
function isName(nodes: PhrasingContent[]): boolean {
  if (nodes.some((node) => node.type === 'inlineMath')) return false
  const value = phrasingText(nodes).replace(/^["'“‘]|["'”’]$/g, '')
  return isTermLike(value) && !admonition.test(value) && /\p{L}/u.test(value)
}

function joinSentences(parts: PhrasingContent[][]): PhrasingContent[] {
  return parts.flatMap((sentence, position) => (position === 0 ? sentence : [text(' '), ...sentence]))
}

/** Where a sentence starts: its first node that knows its place, else the paragraph's. */
function firstPlaced(sentence: PhrasingContent[], paragraph: Paragraph): {position?: Paragraph['position']} {
  const placed = sentence.find((node) => node.position)
  return placed ?? paragraph
}

