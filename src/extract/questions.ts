import type {List} from 'mdast'
import {phrasingText} from './phrasing.js'

/** What asks a question, for every rule family that looks for one. */

/** F2: a section whose sub-headings are all questions. */
const faqSectionName = /^(?:faqs?|frequently[\s-]asked[\s-]questions|q\s*(?:&|and)\s*as?|questions(?:\s*(?:&|and)\s*answers)?|common\s+questions)$/i
/** F2 in a longer title: `npm-faq(7) -- Frequently Asked Questions`, `FAQ: Billing`, `JavaScript Interview Questions`. */
const faqTitleWords = /\bfaqs?\b|\bfrequently asked questions\b|\binterview questions\b|\bquestions (?:&|and) answers\b|\bq ?& ?as?\b/i

/** Ends with a question mark, maybe inside closing quotes or brackets. */
export const endsWithQuestionMark = /\?["'\u201D\u2019)\]*_]*$/

/** Whether a heading names an FAQ section (`FAQ`, `Frequently Asked Questions (FAQ)`, `Q&A`, `FAQ: Billing`). */
export function isFaqSectionName(value: string): boolean {
  const plain = value
    .replace(/\([^)]*\)/g, ' ')
    .replace(/[^\p{L}\p{N}&\s-]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
  return faqSectionName.test(plain) || faqTitleWords.test(plain.replace(/[-_]+/g, ' '))
}

/** `- A. …`, `- B) …`, `- C: …`: the choices of a quiz, lettered in order. */
export function isChoiceList(list: List): boolean {
  return (
    list.children.length >= 2 &&
    list.children.every((item, position) => {
      const first = item.children[0]
      return first?.type === 'paragraph' && new RegExp('^' + String.fromCharCode(65 + position) + '[.):]\\s', 'i').test(phrasingText(first.children))
    })
  )
}

/**
 * Words a reveal label is made of (`Click here to show the answer`, `Ver
 * respuesta`, `Lösung anzeigen`): verbs and fillers, then what is revealed.
 */
const revealVerbs = new Set(
  ('click tap here to the me my your view show see reveal toggle expand open display check get ' +
    'ver mostrar mostra vedi voir afficher la le el los las les die der das anzeigen zeigen einblenden aufdecken mostrar exibir ' +
    'показать открыть 查看 显示 点击 展开 보기').split(' ')
)

/** What an answer label reveals: the answer, in the languages quiz collections are written in. */
const answerNouns = new Set(
  ('answer answers solution solutions explanation explanations correct ' +
    'respuesta respuestas solución solucion soluciones explicación explicacion ' +
    'réponse reponse réponses reponses solution corrigé corrige ' +
    'antwort antworten lösung losung lösungen erklärung ' +
    'resposta respostas solução solucao risposta risposte soluzione soluzioni ' +
    'antwoord oplossing svar lösning løsning vastaus ratkaisu odpowiedź rozwiązanie cevap çözüm jawaban ' +
    'ответ ответы решение відповідь 答案 解答 答え 解説 정답 답 해설').split(' ')
)

/** Other things a `<summary>` reveals without asking (`Click to expand`, `View contents`). */
const otherReveals = new Set(
  'hint hints spoiler spoilers details more result results output outputs code contents expand table of toc example examples demo note notes log logs screenshot screenshots image images preview source'.split(' ')
)

/** Whether a summary only labels what it reveals (an empty one too). */
export function isRevealLabel(value: string): boolean {
  const words = labelWords(value)
  return words.length === 0 || (words.length <= 6 && words.every((word) => revealVerbs.has(word) || answerNouns.has(word) || otherReveals.has(word)))
}

/**
 * Whether a summary or heading says that an answer follows: `Answer`, `View
 * answer`, `Solución`, `Lösung anzeigen`, and a bare `show` or `reveal`
 * (under a task, what it shows is the solution).
 */
export function isAnswerLabel(value: string): boolean {
  const words = labelWords(value)
  if (words.length === 0 || words.length > 6 || !words.every((word) => revealVerbs.has(word) || answerNouns.has(word))) return false
  return words.some((word) => answerNouns.has(word)) || (words.length <= 2 && words.some((word) => word === 'show' || word === 'reveal'))
}

function labelWords(value: string): string[] {
  const plain = plainLabel(value)
  return plain ? plain.split(' ') : []
}

function plainLabel(value: string): string {
  return value
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
}
