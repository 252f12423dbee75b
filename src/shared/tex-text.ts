/**
 * TeX of inline math as plain text, for the JSON's plain `front`, `back`
 * and context (the HTML keeps the TeX for Anki's MathJax): `\text{S}_\text{N}2`
 * reads `SN2`, `\ce{CH3CH2OH}` `CH₃CH₂OH`, `x^2 \leq \pi` `x² ≤ π`. Only
 * what it knows: anything else (an environment, an unknown command) gives
 * `undefined`, and the caller keeps the TeX as written.
 */
export function texText(tex: string): string | undefined {
  try {
    const text = new Reader(tex).all()
    return text.replace(/\s+/g, ' ').trim()
  } catch {
    return undefined
  }
}

const symbols: Record<string, string> = {
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ε', varepsilon: 'ε', zeta: 'ζ', eta: 'η', theta: 'θ', vartheta: 'ϑ', iota: 'ι', kappa: 'κ', lambda: 'λ', mu: 'μ', nu: 'ν', xi: 'ξ', pi: 'π', varpi: 'ϖ', rho: 'ρ', varrho: 'ϱ', sigma: 'σ', varsigma: 'ς', tau: 'τ', upsilon: 'υ', phi: 'ϕ', varphi: 'φ', chi: 'χ', psi: 'ψ', omega: 'ω',
  Gamma: 'Γ', Delta: 'Δ', Theta: 'Θ', Lambda: 'Λ', Xi: 'Ξ', Pi: 'Π', Sigma: 'Σ', Upsilon: 'Υ', Phi: 'Φ', Psi: 'Ψ', Omega: 'Ω',
  rightarrow: '→', to: '→', longrightarrow: '⟶', leftarrow: '←', gets: '←', longleftarrow: '⟵', Rightarrow: '⇒', Longrightarrow: '⟹', Leftarrow: '⇐', leftrightarrow: '↔', Leftrightarrow: '⇔', iff: '⇔', implies: '⟹', rightleftharpoons: '⇌', uparrow: '↑', downarrow: '↓', mapsto: '↦',
  leq: '≤', le: '≤', geq: '≥', ge: '≥', neq: '≠', ne: '≠', approx: '≈', sim: '∼', simeq: '≃', cong: '≅', equiv: '≡', propto: '∝', ll: '≪', gg: '≫',
  times: '×', cdot: '·', div: '÷', pm: '±', mp: '∓', ast: '∗', star: '⋆', circ: '∘', bullet: '•', oplus: '⊕', otimes: '⊗',
  infty: '∞', in: '∈', notin: '∉', ni: '∋', subset: '⊂', subseteq: '⊆', supset: '⊃', supseteq: '⊇', cup: '∪', cap: '∩', setminus: '∖', emptyset: '∅', varnothing: '∅',
  forall: '∀', exists: '∃', nexists: '∄', neg: '¬', lnot: '¬', land: '∧', lor: '∨', wedge: '∧', vee: '∨', top: '⊤', bot: '⊥', perp: '⊥', parallel: '∥', mid: '|', vert: '|', lvert: '|', rvert: '|', Vert: '‖',
  partial: '∂', nabla: '∇', sum: '∑', prod: '∏', int: '∫', oint: '∮', ldots: '…', cdots: '⋯', dots: '…', vdots: '⋮', ddots: '⋱', prime: '′', degree: '°', angle: '∠', triangle: '△', hbar: 'ℏ', ell: 'ℓ', Re: 'ℜ', Im: 'ℑ', aleph: 'ℵ',
  langle: '⟨', rangle: '⟩', lfloor: '⌊', rfloor: '⌋', lceil: '⌈', rceil: '⌉', lbrace: '{', rbrace: '}', backslash: '\\',
  log: 'log', ln: 'ln', lg: 'lg', exp: 'exp', sin: 'sin', cos: 'cos', tan: 'tan', cot: 'cot', sec: 'sec', csc: 'csc', arcsin: 'arcsin', arccos: 'arccos', arctan: 'arctan', sinh: 'sinh', cosh: 'cosh', tanh: 'tanh', max: 'max', min: 'min', sup: 'sup', inf: 'inf', lim: 'lim', det: 'det', gcd: 'gcd', deg: 'deg', dim: 'dim', ker: 'ker', arg: 'arg', Pr: 'Pr',
  quad: ' ', qquad: ' ', ' ': ' ', ',': ' ', ';': ' ', ':': ' ', '>': ' ', '!': '', '%': '%', '$': '$', '&': '&', '#': '#', _: '_', '{': '{', '}': '}', '|': '‖',
  left: '', right: '', big: '', Big: '', bigg: '', Bigg: '', bigl: '', bigr: '', Bigl: '', Bigr: '', displaystyle: '', textstyle: '', limits: '', nolimits: ''
}

/** Commands whose one argument is shown as it is. */
const wrappers = new Set(['text', 'textrm', 'textbf', 'textit', 'textsf', 'texttt', 'textup', 'mathrm', 'mathbf', 'mathit', 'mathsf', 'mathtt', 'mathcal', 'mathbb', 'mathfrak', 'mathscr', 'operatorname', 'boldsymbol', 'bm', 'emph', 'mbox', 'hbox', 'underline', 'overline', 'hat', 'bar', 'vec', 'tilde', 'dot', 'ddot', 'widehat', 'widetilde', 'overrightarrow'])

const subscripts: Record<string, string> = {'0': '₀', '1': '₁', '2': '₂', '3': '₃', '4': '₄', '5': '₅', '6': '₆', '7': '₇', '8': '₈', '9': '₉', '+': '₊', '-': '₋', '−': '₋', '=': '₌', '(': '₍', ')': '₎', a: 'ₐ', e: 'ₑ', h: 'ₕ', i: 'ᵢ', j: 'ⱼ', k: 'ₖ', l: 'ₗ', m: 'ₘ', n: 'ₙ', o: 'ₒ', p: 'ₚ', r: 'ᵣ', s: 'ₛ', t: 'ₜ', u: 'ᵤ', v: 'ᵥ', x: 'ₓ'}
const superscripts: Record<string, string> = {'0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹', '+': '⁺', '-': '⁻', '−': '⁻', '=': '⁼', '(': '⁽', ')': '⁾', a: 'ᵃ', b: 'ᵇ', c: 'ᶜ', d: 'ᵈ', e: 'ᵉ', f: 'ᶠ', g: 'ᵍ', h: 'ʰ', i: 'ⁱ', j: 'ʲ', k: 'ᵏ', l: 'ˡ', m: 'ᵐ', n: 'ⁿ', o: 'ᵒ', p: 'ᵖ', r: 'ʳ', s: 'ˢ', t: 'ᵗ', u: 'ᵘ', v: 'ᵛ', w: 'ʷ', x: 'ˣ', y: 'ʸ', z: 'ᶻ', '∘': '°', '°': '°', '′': '′', '*': '*'}

/** `x_{ij}` reads `xᵢⱼ` when every character has a small form, else `x_ij` … `SN2` for a one-letter `\text{N}`. */
function script(base: string, value: string, table: Record<string, string>, mark: string): string {
  const mapped = [...value].map((char) => table[char])
  if (value !== '' && mapped.every(Boolean)) return base + mapped.join('')
  if (/^[\p{L}\p{N}]$/u.test(value)) return base + value
  return base + mark + (/^[\p{L}\p{N}]+$/u.test(value) ? value : '(' + value + ')')
}

class Reader {
  private at = 0
  constructor(private readonly tex: string) {}

  all(): string {
    let out = ''
    while (this.at < this.tex.length) out = this.atom(out)
    return out
  }

  /** Read one token onto `out` (sub- and superscripts act on what came before). */
  private atom(out: string): string {
    const char = this.tex[this.at]
    if (char === '\\') return out + this.command()
    if (char === '{') return out + this.group()
    if (char === '}') throw new Error('unbalanced')
    if (char === '_' || char === '^') {
      this.at++
      const value = this.argument()
      return script(out, value, char === '_' ? subscripts : superscripts, char)
    }
    if (char === '~') {
      this.at++
      return out + ' '
    }
    if (char === '&') throw new Error('alignment')
    this.at++
    return out + (char === '-' ? '−' : char === "'" ? '′' : char)
  }

  /** `{…}` read whole. */
  private group(): string {
    this.at++
    let out = ''
    while (this.tex[this.at] !== '}') {
      if (this.at >= this.tex.length) throw new Error('unclosed')
      out = this.atom(out)
    }
    this.at++
    return out
  }

  /** The argument of a command or script: a group, a command or one character. */
  private argument(): string {
    while (this.tex[this.at] === ' ') this.at++
    const char = this.tex[this.at]
    if (char === undefined) throw new Error('no argument')
    if (char === '{') return this.group()
    if (char === '\\') return this.command()
    this.at++
    return char === '-' ? '−' : char
  }

  /** The raw text of a `{…}` argument (for `\ce`). */
  private rawGroup(): string {
    while (this.tex[this.at] === ' ') this.at++
    if (this.tex[this.at] !== '{') throw new Error('no group')
    let depth = 0
    const start = this.at
    for (; this.at < this.tex.length; this.at++) {
      if (this.tex[this.at] === '{') depth++
      else if (this.tex[this.at] === '}' && --depth === 0) return this.tex.slice(start + 1, this.at++)
    }
    throw new Error('unclosed')
  }

  private command(): string {
    this.at++
    const name = /^(?:[a-zA-Z]+|.)/.exec(this.tex.slice(this.at))?.[0]
    if (!name) throw new Error('lone backslash')
    this.at += name.length
    if (name === 'ce' || name === 'pu') return chemistry(this.rawGroup())
    if (wrappers.has(name)) return this.argument()
    if (name === 'frac' || name === 'dfrac' || name === 'tfrac') {
      const over = this.argument()
      const under = this.argument()
      return part(over) + '/' + part(under)
    }
    if (name === 'sqrt') {
      if (this.tex[this.at] === '[') throw new Error('root')
      return '√' + part(this.argument())
    }
    // `\left(` keeps its delimiter: `\left` itself reads nothing.
    if (name in symbols) return symbols[name]
    throw new Error('unknown command ' + name)
  }
}

/** A fraction's part: in brackets when it is more than one word. */
function part(value: string): string {
  return /^[\p{L}\p{N}.′]+$/u.test(value) ? value : '(' + value + ')'
}

/**
 * mhchem (`\ce{…}`): numbers after an element or bracket are subscripts
 * (`CH3` → `CH₃`), a trailing `+`/`-` or a `^` is a charge, arrows are
 * arrows; a number that opens a formula is a coefficient (`2H2O` → `2H₂O`).
 */
function chemistry(value: string): string {
  if (/\\(?!ce\b)[a-zA-Z]/.test(value) && !/^[^\\]*(?:\\(?:text|mathrm)\{[^}]*\}[^\\]*)*$/.test(value)) throw new Error('command in \\ce')
  let text = value
    .replace(/\\(?:text|mathrm)\{([^}]*)\}/g, '$1')
    .replace(/<=>|<->|->|<-|=>/g, (arrow) => ({'<=>': ' ⇌ ', '<->': ' ↔ ', '->': ' → ', '<-': ' ← ', '=>': ' ⇒ '})[arrow]!)
  text = text.replace(/\^\{([^}]*)\}|\^([0-9]*[+-]|[0-9]+)/g, (_, braced?: string, bare?: string) => [...(braced ?? bare ?? '')].map((char) => superscripts[char] ?? char).join(''))
  text = text.replace(/_\{([^}]*)\}|_([0-9]+)/g, (_, braced?: string, bare?: string) => [...(braced ?? bare ?? '')].map((char) => subscripts[char] ?? char).join(''))
  // Numbers after an element symbol or a closing bracket.
  text = text.replace(/([A-Za-z)\]])(\d+)/g, (_, before: string, digits: string) => before + [...digits].map((char) => subscripts[char]).join(''))
  // A charge: `+`/`-` closing a formula (after its letters, subscripts or a bracket).
  text = text.replace(/([A-Za-z)\]₀-₉])([+-])(?=\s|$)/g, (_, before: string, sign: string) => before + superscripts[sign])
  return text.replace(/\s+/g, ' ').trim()
}
