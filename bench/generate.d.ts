/** Types of `generate.js` (plain JavaScript, so `npm run bench` needs no build of its own). */
export interface GeneratedFile {
  name: string
  text: string
  cards: number
}
export function generateLibrary(options?: {cards?: number; files?: number; seed?: number}): GeneratedFile[]
export function generateDocument(cards: number, seed?: number): string
export function writeLibrary(folder: string, options?: {cards?: number; files?: number; seed?: number}): number
