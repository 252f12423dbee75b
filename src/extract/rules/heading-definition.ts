import type {Heading, List, Paragraph, PhrasingContent, RootContent} from 'mdast'
import {contextAt, isTaken, placeOf, type Draft, type ExtractContext} from '../context.js'
import {endsWithQuestionMark} from '../questions.js'
import {leadInOf} from '../leadin.js'
import {sectionEnd, type HeadingInfo} from '../outline.js'
import {asParagraph, isBlank, isOnlyLinksOrImages, phrasingText, splitLines, trimStart} from '../phrasing.js'
import {isGlossaryName, isHousekeeping} from '../section-names.js'
import {sentences} from '../sentences.js'
import {hasVerb, isDefiningVerb, itemTerm, splitTermPhrasing, withoutArticle} from '../terms.js'

/**
 * Headings of sections that define nothing: the parts every document has.
 * Their first paragraph says what the section is about, not what a term is.
 */
const generic =
  /^(?:introduction|intro|overview|summary|conclusions?|background|motivation|abstract|preface|foreword|agenda|outline|objectives|goals|aims|exercises?|challenges?|solutions?|answers?|quiz|review|recap|key takeaways|takeaways|lessons?|lectures?|notes|comparison|discussion|results|analysis|details|misc|miscellaneous|other|others|more|appendix|chapter \w+|part \w+|section \w+|week \w+|day \w+|example|examples|case stud(?:y|ies)|final thoughts|closing thoughts|next steps|what'?s next)$/

/** Sentences about the document, not the term (`This section lists…`). */
const aboutDocument =
  /\b(?:we are going to|we're going to|we will|we'll|i will|i'll|let's|let us)\b|^(?:this|these|it)\s+(?:section|sections|document|chapter|lesson|page|note|notes|article|tutorial|guide|course|lecture|video|post|repo|repository|project|file|part|module|week|class|talk|book|list|table|image|figure|diagram|example|slide)\b|^(?:this|it) (?:is|was) (?:where|how|why|because|a good|a great|an important|important|possible|recommended|not|also|just|time)\b|^it'?s\b/
/** A first sentence that opens with what the heading is: `This structure refers to…`, `Involves…`. */
const anaphora = /^(?:this|these|they|it|such)\s+([\p{L}-]+)(?:\s+([\p{L}]+))?/u
const definingStart = /^(?:refers? to|involves?|describes?|means?|consists? of|denotes?|represents?|is an?|is the|are an?|are the|used (?:to|for)|allows?|lets?|enables?)\b/
/** A sentence whose subject is not at its start (`In the secondary structure of RNA, the shape…`). */
const openingClause = /^(?:in|on|at|for|with|within|without|by|from|during|after|before|unlike|like|as|to|when|while|if|since|because|although|though|once|unless|until|whereas|despite|through|under|over|between|among|into|onto|upon|via|per)\b/
/** A sentence that names its term (`also called lookarounds`, `is used to define alternation`). */
const naming = /\b(?:is|are) used (?:to|for)\b|\bcalled\b|\bknown as\b|\bdefined? as\b|\brefer(?:s|red)? to as\b|\bwhich means\b|\bmeans\b|\bdefines?\b/

/**
 * L1 for headings outside glossaries: a concept heading whose section opens
 * with its definition is a term (`### Tertiary structure` + "This structure
 * refers to…", `## Images` + "Images are just templates…", `### **SELECT**:
 * used to select data`). The definition opens with the heading's term as
 * its subject, with "This/These…" or a defining verb, or names the term
 * (`is called`, `is used to`). An ordinary section heading over narrative
 * ("In my previous lectures…") stays a heading.
 */
export function extractHeadingDefinitions(ctx: ExtractContext): Draft[] {
  const {outline, tree} = ctx
  const children = tree.children
  const drafts: Draft[] = []
  for (const heading of outline.headings) {
    if (heading.index === outline.titleIndex || outline.ignored.has(heading.index) || ctx.claimed.has(heading.node)) continue
    const path = outline.paths[heading.index]
    if ([outline.title, ...path.map((above) => above.text)].some((above) => isGlossaryName(above))) continue
    const keyword = keywordHeading(heading.node)
    if (keyword) {
      drafts.push(keywordCard(ctx, heading, keyword))
      continue
    }
    // Questions and tasks (`How…`, `I want to…`) are the questions' rules; a sentence names no term.
    if (endsWithQuestionMark.test(heading.text) || /^(?:how|why|what|when|where|who|which|i|we|you|my|our|other)\b/i.test(heading.text)) continue
    if (isGlossaryName(heading.text) || generic.test(plain(heading.text)) || isHousekeeping(heading.text) || path.some((above) => isHousekeeping(above.text))) continue
    const draft = headingCard(ctx, heading)
    if (draft) drafts.push(draft)
  }
  return drafts

  /** `### **SELECT**: used to select data from a database`, then its examples. */
  function keywordCard(ctx: ExtractContext, heading: HeadingInfo, keyword: {term: PhrasingContent[]; definition: PhrasingContent[]}): Draft {
    const end = sectionEnd(children, outline.headings, heading.index)
    const blocks: RootContent[] = [asParagraph(keyword.definition)]
    for (let index = heading.index + 1; index < end && children[index].type !== 'heading'; index++) {
      if (isTaken(ctx, index) || ctx.answers.has(children[index])) continue
      blocks.push(children[index])
      ctx.consumed.add(children[index])
    }
    return {kind: 'list', rule: 'list-heading-definition', parts: [keyword.term], answer: blocks, context: contextAt(ctx, heading.index), place: placeOf(heading.node)}
  }

  function headingCard(ctx: ExtractContext, heading: HeadingInfo): Draft | undefined {
    const end = sectionEnd(children, outline.headings, heading.index)

    // A sentence names no term (`…; aka Electrostatic or ionic bond` is a second name, not more words).
    if (plain(heading.text.replace(/\([^)]*\)/g, ' ').replace(/[;,]?\s*(?:aka|a\.k\.a\.?|also known as)\b.*$/i, '')).split(' ').length > 6) return undefined
    let index = heading.index + 1
    while (index < end && isDecoration(children[index])) index++
    // `#### pronouns`, then its members (`` `mi`, `sina`, `ona` ``), then what they are.
    const members = children[index]?.type === 'paragraph' && isMemberList(children[index] as Paragraph) && !isTaken(ctx, index) ? (children[index++] as Paragraph) : undefined
    const first = children[index]
    if (!first || index >= end || first.type === 'heading' || isTaken(ctx, index) || ctx.answers.has(first) || ctx.consumed.has(first)) return undefined
    const terms = termsOf(heading.node)
    if (terms.length === 0) return undefined
    const compound = compoundParts(heading.node)

    if (first.type === 'paragraph') {
      // `Term⏎: definition` is a definition list's, `**Term**: definition` a glossary paragraph's.
      const lines = splitLines(first.children)
      if (lines[1]?.[0]?.type === 'text' && /^:\s/.test(lines[1][0].value)) return undefined
      if (children[index + 1]?.type === 'paragraph' && /^:\s/.test(phrasingText((children[index + 1] as {children: PhrasingContent[]}).children))) return undefined
      if (!defines(first.children, terms, false, Boolean(members)) || (compound && !namesAll(first.children, compound))) return undefined
      const answer: RootContent[] = members ? [members, first] : [first]
      const next = children[index + 1]
      // "… has the following main characteristics" and its list.
      if (next?.type === 'list' && index + 1 < end && !isTaken(ctx, index + 1) && /(?::|\bthe following\b[^.]*)\s*$/.test(phrasingText(first.children))) {
        answer.push(next)
        ctx.consumed.add(next)
      }
      // A last sentence that leads into a list of its own (`There are several bonds holding it together`) stays free for that list.
      if (answer.length > 1 || !(sentences(first.children).length > 1 && leadInOf(first) && children[index + 1]?.type === 'list')) ctx.consumed.add(first)
      // A definition that leads into its list (`This is what defines… the following characteristics`) is read where it stands.
      return {kind: 'list', rule: 'list-heading-definition', parts: [display(heading.node)], answer, context: contextAt(ctx, heading.index), place: placeOf(answer.length > 1 && answer[answer.length - 1].type === 'list' ? first : heading.node)}
    }

    // `#### Vitamin A` over "- Vitamin A is an essential component…".
    if (first.type === 'list' && !members) {
      const item = first.children[0]
      const line = item?.children[0]
      // A term item (`- Allele: one of the forms…`, `- **Prokaryotes** are…`) is a card of its own.
      if (line?.type !== 'paragraph' || itemTerm(item) || !defines(line.children, terms, true) || (compound && !namesAll(line.children, compound))) return undefined
      ctx.consumed.add(first)
      const answer = listLength(first) <= 700 ? [first] : item.children
      return {kind: 'list', rule: 'list-heading-definition', parts: [display(heading.node)], answer, context: contextAt(ctx, heading.index), place: placeOf(heading.node)}
    }
    return undefined
  }
}

/** A paragraph of code words only (`` `lon`, `tawa`, `tan` ``): the members of what the heading names. */
function isMemberList(paragraph: Paragraph): boolean {
  return paragraph.children.some((node) => node.type === 'inlineCode') && paragraph.children.every((node) => node.type === 'inlineCode' || (node.type === 'text' && /^[\s,;/]*(?:and|or)?[\s,;/]*$/.test(node.value)))
}

/** Images, HTML (`<p align=center><img></p>`) and rules between a heading and its text. */
function isDecoration(block: RootContent): boolean {
  // What a `<details>` holds is hidden (a hint, an answer): never the heading's definition.
  if (block.type === 'html') return !/<(?:details|summary)\b/i.test(block.value)
  if (block.type === 'thematicBreak' || block.type === 'definition') return true
  return block.type === 'paragraph' && block.children.every((node) => node.type === 'image' || node.type === 'imageReference' || node.type === 'html' || node.type === 'break' || (node.type === 'text' && !node.value.trim()))
}

function listLength(list: List): number {
  return phrasingText(list.children.flatMap((item) => item.children.flatMap((block) => (block.type === 'paragraph' ? block.children : [])))).length
}

/** `### **SELECT**: used to select data…`: a marked keyword and its definition in the heading. */
function keywordHeading(heading: Heading): {term: PhrasingContent[]; definition: PhrasingContent[]} | undefined {
  const lead = heading.children[0]
  if (lead?.type !== 'strong' && lead?.type !== 'emphasis' && lead?.type !== 'inlineCode') return undefined
  const split = splitTermPhrasing(heading.children)
  // `### **UPDATE**: used to modify…` is a keyword; `### **Note**: …` a remark.
  if (!split || split.form !== 'separator' || isBlank(split.definition) || /^(?:notes?|tips?|warning|caution|important|nb|hint)$/i.test(phrasingText(split.term))) return undefined
  return {term: split.term, definition: split.definition}
}

/** The heading as a front: its section number left out (`2.1 The Full Stop` asks about `The Full Stop`). */
function display(heading: Heading): PhrasingContent[] {
  const first = heading.children[0]
  if (first?.type === 'text' && numbering.test(first.value)) return trimStart(heading.children, numbering)
  return heading.children
}

const numbering = /^\s*(?:\d+(?:\.\d+)*\.?|[ivx]+\.|[a-z][.)])\s+/i

function plain(value: string): string {
  return value
    .toLowerCase()
    .replace(numbering, '')
    .replace(/[^\p{L}\p{N}\s']+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
}

/**
 * What the heading names, as runs of words: the whole heading (numbering,
 * a parenthesis, an article left out), its parts (`Registry & Repository`,
 * `Tornado's innovation: Clustered object`, `HYPE - Human eye…`), an
 * abbreviation in parentheses (`(SMP)`) and code in it (`` the particle `en` ``).
 */
/** `Registry & Repository`, `Elements and tags`: a heading that names two things, each of which the definition must name. */
function compoundParts(heading: Heading): string[][][] | undefined {
  const whole = phrasingText(heading.children).replace(numbering, '').replace(/\([^)]*\)/g, ' ')
  // `Triacylglycerols, storage of energy and insulation` names one thing, then says more.
  if (/[,:;]/.test(whole)) return undefined
  const parts = whole.split(/\s*(?:&|\+|\band\b)\s*/i).filter((part) => part.trim())
  return parts.length > 1 ? parts.map((part) => variants(part.replace(/^\s*(?:the|a|an)\s+/i, ''))) : undefined
}

function termsOf(heading: Heading): string[][][] {
  const whole = phrasingText(heading.children).replace(numbering, '')
  const candidates = new Set<string>()
  const add = (value: string) => {
    const cleaned = value.replace(/^\s*(?:the|a|an)\s+/i, '').trim()
    if (cleaned && cleaned.split(/\s+/).length <= 6) candidates.add(cleaned)
  }
  const withoutParenthesis = whole.replace(/\([^)]*\)/g, ' ')
  add(withoutParenthesis)
  for (const match of whole.matchAll(/\(([^)]{1,30})\)/g)) add(match[1])
  for (const part of withoutParenthesis.split(/\s*(?::|;|\s[-–—]\s|&|\+|\/|,|\band\b|\bvs\.?|\bversus\b|\bor\b|\baka\b|\ba\.k\.a\.?|\balso known as\b)\s*/i)) add(part)
  for (const node of heading.children) if (node.type === 'inlineCode') add(node.value)
  return [...candidates].map((candidate) => variants(candidate)).filter((variant) => variant[0].length > 0)
}

/** A text's words in both readings of its hyphens (`multi-line` is `multi line` and `multiline`). */
function variants(value: string): string[][] {
  const base = value
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[`*_"“”'’]/g, '')
  const split = (source: string) => source.split(/[^\p{L}\p{N}+#]+/u).filter(Boolean)
  return [split(base.replace(/[-‐]/g, ' ')), split(base.replace(/[-‐]/g, ''))]
}

function stem(word: string): string {
  if (word.length <= 3) return word
  return word.replace(/ies$/, 'y').replace(/(?:es|s)$/, '')
}

function sameWord(a: string, b: string): boolean {
  const left = stem(a)
  const right = stem(b)
  return left === right || (left.length >= 6 && oneLetterApart(left, right))
}

/** `triacyglycerol` for `triacylglycerol`: a letter dropped, added or changed, the first one kept. */
function oneLetterApart(a: string, b: string): boolean {
  if (a[0] !== b[0] || Math.abs(a.length - b.length) > 1) return false
  let start = 0
  while (start < a.length && a[start] === b[start]) start++
  return a.slice(start + (a.length >= b.length ? 1 : 0)) === b.slice(start + (b.length >= a.length ? 1 : 0))
}

/** Where a term's words start in a sentence's words, or -1. */
function find(words: string[], term: string[]): number {
  outer: for (let start = 0; start + term.length <= words.length; start++) {
    for (const [offset, word] of term.entries()) if (!sameWord(words[start + offset], word)) continue outer
    return start
  }
  return -1
}

function sameTerm(value: string, terms: string[][][]): boolean {
  const words = variants(value)
  return terms.some((term) => term.some((variant) => words.some((candidate) => candidate.length === variant.length && find(candidate, variant) === 0)))
}

/**
 * Whether phrasing opens with a definition of one of `terms`: `subject`
 * (the term opens it, or `This…`), `naming` (`…is called the term`), or no.
 * A list item (`subjectOnly`) defines its heading only as its subject.
 */
function defines(nodes: PhrasingContent[], terms: string[][][], subjectOnly = false, marked = false): 'subject' | 'naming' | undefined {
  const parts = sentences(nodes)
  // A lead that is only a link or a few words (`[Your basic isolated Docker process](…).`) may come before the definition.
  const candidates = parts.length > 1 && (isOnlyLinksOrImages(parts[0]) || phrasingText(parts[0]).split(/\s+/).length <= 6) ? parts.slice(0, 2) : parts.slice(0, 1)
  for (const [position, sentence] of candidates.entries()) {
    const value = phrasingText(sentence)
    // A question, or a lead-in to what follows (`Fenced code blocks … powered by Shiki:`).
    if (endsWithQuestionMark.test(value) || /:\s*$/.test(value)) return undefined
    // `**Nucleic acids** are…`, `… is called the **Discriminator network**`: a term in running text, that rule makes its card.
    // (Only where that rule reads it: opening the sentence, after `called`, in parentheses.)
    const markedTerm = sentence.some((node, at) => {
      if ((node.type !== 'strong' && node.type !== 'emphasis') || !sameTerm(phrasingText(withoutArticle(node.children)), terms)) return false
      const before = phrasingText(sentence.slice(0, at)).toLowerCase()
      return /^(?:(?:an?|the)(?: term)?)?$/.test(before.trim()) || /\b(?:called|named|termed|known as|referred to as)(?: as)?(?: an?| the)?\s*$/.test(before) || /\(\s*$/.test(before)
    })
    if (markedTerm && !marked) return undefined
    const lower = value.toLowerCase()
    // `we define a bitonic sequence as…` is a definition in running text: that rule makes its card.
    if (aboutDocument.test(lower) || /\bdefined? (?:an? |the )?[\p{L}' -]{1,40} as\b/u.test(lower)) return undefined
    // "Straight forward Latin alphabet with the following quirks" introduces a list, it defines nothing.
    if (/\bthe following\b/.test(lower) && !hasClauseVerb(lower)) return undefined
    const words = variants(value)
    // The term is the subject: it opens the sentence, maybe after an article and a word or two (`Docker volumes are`, `The idea of DCGAN is`).
    if (
      !openingClause.test(lower) &&
      terms.some((term) =>
        term.some((variant) =>
          words.some((sentenceWords) => {
            const at = find(sentenceWords, variant)
            // `Geologists tell minerals apart…`: a verb before it makes the term an object, not the subject,
            // unless a relative clause defines it (`Cells build supramolecular structures, which are…`).
            const object = sentenceWords.slice(0, at).some((word) => isDefiningVerb(word))
            const relative = /^(?:which|that)$/.test(sentenceWords[at + variant.length] ?? '') && isDefiningVerb(sentenceWords[at + variant.length + 1])
            return at !== -1 && at <= 3 && sentenceWords.length >= at + variant.length + 2 && (!object || relative) && endsSubject(sentenceWords, at + variant.length, lower, at)
          })
        )
      )
    ) {
      return 'subject'
    }
    // `The simplest barrier implementation is…` under `### Centralised barrier`: its head noun after an article.
    const head = headNoun(terms)
    if (head && /^(?:the|a|an)\b/.test(lower) && hasVerb(lower) && words.some((sentenceWords) => sentenceWords.slice(1, 3).some((word) => sameWord(word, head))) && !openingClause.test(lower)) return 'subject'
    if (position > 0 || subjectOnly) continue
    // `In this architecture, CPUs share a common bus…` under `### Symmetric Multiprocessor`.
    // (Not "In this case", "In this section": those are about the text.)
    const inThis = /^in (?:this|these|such an?) ([\p{L}-]+)\b/u.exec(lower)
    if (inThis && !/^(?:case|cases|way|example|examples|situation|scenario|context|section|chapter|lecture|lesson|course|part|step|note|notes|post|article|video|tutorial|module|paper|document|book|guide|repo|project|regard|sense|respect)$/.test(inThis[1])) return 'subject'
    const anaphoric = anaphora.exec(lower)
    // `These are…`, `This mimics…`, `This structure refers to…`.
    if (anaphoric && [anaphoric[1], anaphoric[2]].some((word) => word && (isDefiningVerb(word) || /[^s]s$/.test(word)))) return 'subject'
    if (definingStart.test(lower)) return 'subject'
    if (naming.test(lower) && terms.some((term) => term.some((variant) => words.some((sentenceWords) => find(sentenceWords, variant) !== -1)))) return 'naming'
  }
  return undefined
}

/**
 * Whether the term ends the sentence's subject, so the sentence says what it
 * is: it opens the sentence, or after an article (`A`, `The`, `One`…) a verb follows (`Docker volumes are…`, maybe after an adverb), a
 * relative clause (`…, which are…`), or an apposition or a parenthesis
 * (`Ethanol, a two-carbon alcohol, is…`). Not when it only qualifies the
 * noun after it (`An empty deletion makes…` under `## Empty`, `A single
 * tilde pair…` under `## One tilde`).
 */
function endsSubject(words: string[], after: number, lower: string, at: number): boolean {
  // A term that opens the sentence is its subject (`Meta prompts combine…`).
  if (at === 0 || !/^(?:a|an|the|one|single|each|every|any|some|this|these|that|those)$/.test(words[at - 1])) return true
  const next = words[after]
  if (isDefiningVerb(next) || /^(?:which|that|who|whose)$/.test(next ?? '')) return true
  if (/^(?:also|often|usually|typically|generally|commonly|mainly|mostly|simply|just|basically|essentially|primarily|sometimes|always|never|not)$/.test(next ?? '')) return isDefiningVerb(words[after + 1])
  // An apposition or a parenthesis: the words before the term's end are followed by `,` or `(` in the text.
  const before = words.slice(0, after).join('[^\\p{L}\\p{N}]+')
  return new RegExp('^[^\\p{L}\\p{N}]*' + before + '[^\\p{L}\\p{N},(]*[,(]', 'u').test(lower.normalize('NFKD').replace(/\p{M}/gu, ''))
}

/** The last word of a two- or three-word heading (`barrier` of `Sense reversing barrier`). */
function headNoun(terms: string[][][]): string | undefined {
  const whole = terms[0]?.[0]
  // `IPC in tornado` is about IPC: a heading with a preposition has its head first.
  // `One tilde`, `Many uses` count something: they name no concept.
  if (whole && /^(?:one|two|three|four|five|six|seven|eight|nine|ten|single|double|many|few|several|some|all|no|each|every|more|most|other)$/.test(whole[0])) return undefined
  return whole && whole.length >= 2 && whole.length <= 3 && !whole.some((word) => /^(?:in|on|of|for|with|at|by|from|to|and|or|vs)$/.test(word)) ? whole[whole.length - 1] : undefined
}

/** Whether the first sentence names every part of a compound heading. */
function namesAll(nodes: PhrasingContent[], parts: string[][][]): boolean {
  const words = variants(phrasingText(sentences(nodes)[0] ?? []))
  return parts.every((part) => part.some((variant) => words.some((sentenceWords) => find(sentenceWords, variant) !== -1)))
}

function hasClauseVerb(value: string): boolean {
  return value.split(/[^\p{L}]+/u).some((word) => isDefiningVerb(word))
}
