import type {Paragraph, PhrasingContent} from 'mdast'
import {phrasingText, trimEnd, trimStart} from './phrasing.js'
import {sentences} from './sentences.js'

/**
 * The sentence that introduces a list: the last sentence of the paragraph
 * just above it, when it ends with `:` (`Patients should verify:`), says what
 * follows without one (`There are 4 forces that cause folding.`, `… has the
 * following main characteristics`, `Many uses`), or is a bold label
 * (`**Basic functions of DNA**:`). A long paragraph is not the lead-in; its
 * last sentence is. A short line alone (`Many uses`) is one only with
 * `fragment` (a paragraph, not an item that may just be a short fact).
 */
export interface LeadIn {
  /** The lead-in sentence, its final `:` or `.` left out. */
  sentence: PhrasingContent[]
  /** Why it is no set name (`Examples:`, `Remember the following:`), if it is not. */
  instruction?: string
}

/** A sentence that announces what follows, without a colon. */
const announces =
  /\b(?:the following|as follows)\b|^there (?:are|is|were|exist)\b|\b(?:include|includes|including|namely|consists? of|comprises?|divided into|classified (?:as|into)|categori[sz]ed (?:as|into)|grouped into|falls? into|between|among)$/
/** A count of kinds of things (`three main components`, `4 forces`). */
const counted =
  /\b(?:two|three|four|five|six|seven|eight|nine|ten|twelve|several|\d+)\s+(?:[\p{L}-]+\s+){0,3}?(?:types|kinds|classes|categories|forms|ways|steps|stages|phases|parts|components|levels|groups|reasons|factors|forces|features|properties|characteristics|principles|rules|uses|functions|advantages|disadvantages|benefits|methods|approaches|elements|members|families|objectives|things|subgroups|structures|states|layers|laws|conditions|criteria|requirements|options|modes|categories)\b/u

/**
 * Lead-ins that introduce examples or instructions, not a set to recall
 * (`Examples:`, `Remember the following:`, a proof's `… such that:`).
 */
const instructionStart =
  /^(?:notice|note|notes|nb|tip|tips|hint|warning|caution|important|important notes|example|examples|for example|for instance|e\.g|i\.e|say|suppose|imagine|consider|let's|let us|try|you can try|you can|you could|you may|you might|you should|you need|you will|you'll|we will|we'll|we can|see|see also|see first|read|check out|for more|more info|more information|here are some (?:examples|links|resources|tips)|here is an example|sources|source|output|result|results|usage|syntax|prompt|for reference|do this|run|install|to install|then|now|next|finally|first)\b/
const instructionEnd = /\b(?:such that|that|where|like this|like so|as shown|as shown below|as below|for example|for instance|e\.g|examples?|as an example|for reference|will be|would be|the output|the result|prints?|outputs?|following (?:fronts|cards|output|code|commands?))$/

/** An instruction opens with a verb in the imperative. */
export const imperative =
  /^(?:go|create|click|open|run|install|download|copy|add|set|select|enter|type|choose|navigate|request|connect|ship|upload|build|configure|enable|disable|start|stop|make|use|check|follow|log|sign|press|save|restart|delete|remove|edit|update|write|read|put|place|insert|close|wait|repeat|fill|submit|verify|visit|clone|fork|push|pull|commit|merge|move|drag|drop|paste|replace|change|apply|call|define|import|export|mount|attach|launch|deploy|test|compile|execute|pick|turn|pour|mix|heat|add|cut|take)\b/i
/** Why a lead-in names no set, or `undefined` when it may. */
export function instructionReason(sentence: string, heading = false): string | undefined {
  // "Remember the following:" asks to learn what follows: a set, named by the heading above (`subject.ts` puts it in front).
  const plain = sentence
    .toLowerCase()
    .replace(/[*_`]/g, '')
    .replace(/[:.\s]+$/, '')
    .trim()
  // A heading may name a set with a question (`Key takeaways: what is it used for?`); a sentence that asks does not.
  if (!heading && /\?$/.test(plain)) return 'asks a question'
  if (/^(?:solutions?|answers?|exercises?|challenges?|quiz|quizzes|homework|practice)$/.test(plain)) return 'belongs to an exercise'
  if (instructionStart.test(plain) || (!heading && imperative.test(plain))) return 'introduces examples or instructions'
  if (instructionEnd.test(plain)) return 'introduces examples or the rest of a sentence'
  return undefined
}

/** The lead-in of a list in the paragraph just above it, if the paragraph has one. */
export function leadInOf(paragraph: Paragraph, fragment = true): LeadIn | undefined {
  const parts = sentences(paragraph.children)
  const last = parts[parts.length - 1]
  if (!last) return undefined
  const value = phrasingText(last)
  // Markup of a fenced div (`::: {.column}`), not words.
  if (/^:{3,}/.test(value)) return undefined
  // `**Basic functions of DNA**:`, `**Examples of Bacteria**`.
  const only = trimEnd(last, /\s*:\s*$/)
  if (parts.length === 1 && only.length === 1 && (only[0].type === 'strong' || only[0].type === 'emphasis')) {
    const label = trimEnd(only[0].children, /\s*:\s*$/)
    return withInstruction(label)
  }
  if (/:\s*$/.test(value)) return withInstruction(trimEnd(last, /\s*:\s*$/))
  const plain = value.toLowerCase().replace(/[.\s]+$/, '')
  if (announces.test(plain) || counted.test(plain) || (fragment && parts.length === 1 && plain.split(/\s+/).length <= 5 && !/[.!?]$/.test(value.trim()))) {
    return withInstruction(trimEnd(last, /[\s.]+$/))
  }
  return undefined
}

function withInstruction(sentence: PhrasingContent[]): LeadIn {
  const cleaned = trimStart(sentence)
  const instruction = instructionReason(phrasingText(cleaned))
  return instruction ? {sentence: cleaned, instruction} : {sentence: cleaned}
}
