/**
 * The page's own script: flip, filter, search. Plain DOM calls only: no
 * `eval`, no `innerHTML`; the card data is already in the DOM (the card HTML
 * and `data-*` attributes written at build time). Kept free of `</script`
 * and pinned by a CSP hash, so nothing else can run on the page.
 */
export const pageScript = String.raw`(() => {
  'use strict'
  const list = document.getElementById('sd-cards')
  const items = Array.from(list.querySelectorAll('.sd-item'))
  const search = document.getElementById('sd-search')
  const section = document.getElementById('sd-section')
  const kinds = Array.from(document.querySelectorAll('[data-kind-filter]'))
  const all = document.getElementById('sd-flip-all')
  const status = document.getElementById('sd-status')
  const empty = document.getElementById('sd-empty')
  const clear = document.getElementById('sd-clear')
  let kind = ''
  // The card last clicked or moved to: Space flips it when no control has focus.
  let current = null

  // The same folding as the build uses for data-search.
  const fold = (text) => text.toLowerCase().normalize('NFKD').replace(/\p{M}/gu, '').replace(/[\u2018\u2019]/g, "'")

  const isFlipped = (item) => item.classList.contains('is-flipped')
  const flipButton = (item) => item.querySelector('.sd-flip')

  function setFlipped(item, flipped) {
    const button = flipButton(item)
    document.getElementById(button.getAttribute('aria-controls')).hidden = !flipped
    button.setAttribute('aria-expanded', String(flipped))
    button.textContent = flipped ? 'Hide answer' : 'Show answer'
    item.classList.toggle('is-flipped', flipped)
  }

  const visible = () => items.filter((item) => !item.hidden)

  function updateAll() {
    const shown = visible()
    const open = shown.length > 0 && shown.every(isFlipped)
    all.setAttribute('aria-pressed', String(open))
    all.textContent = open ? 'Hide all answers' : 'Show all answers'
  }

  function apply() {
    const words = fold(search.value).split(/\s+/).filter(Boolean)
    const wanted = section.value
    let count = 0
    for (const item of items) {
      const text = item.getAttribute('data-search')
      const show =
        (!kind || item.getAttribute('data-kind') === kind) &&
        (!wanted || item.getAttribute('data-section') === wanted) &&
        words.every((word) => text.includes(word))
      item.hidden = !show
      if (show) count++
    }
    status.textContent = count === items.length ? 'Showing all ' + count + ' cards' : 'Showing ' + count + ' of ' + items.length + ' cards'
    empty.hidden = count > 0
    updateAll()
  }

  list.addEventListener('click', (event) => {
    const target = event.target
    const item = target.closest('.sd-item')
    if (!item) return
    const onCard = target.closest('.card') && !target.closest('a, button, input, select, summary') && !String(window.getSelection())
    if (!target.closest('.sd-flip') && !onCard) return
    current = item
    setFlipped(item, !isFlipped(item))
    updateAll()
  })

  for (const button of kinds) {
    button.addEventListener('click', () => {
      kind = button.getAttribute('data-kind-filter')
      for (const other of kinds) other.setAttribute('aria-pressed', String(other === button))
      apply()
    })
  }

  all.addEventListener('click', () => {
    const shown = visible()
    const open = !(shown.length > 0 && shown.every(isFlipped))
    for (const item of shown) setFlipped(item, open)
    updateAll()
  })

  search.addEventListener('input', apply)
  section.addEventListener('change', apply)
  clear.addEventListener('click', () => {
    search.value = ''
    section.value = ''
    kinds[0].click()
    search.focus()
  })

  document.addEventListener('keydown', (event) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return
    const target = event.target
    const typing = target instanceof Element && target.closest('input, select, textarea')
    if (typing) {
      if (event.key === 'Escape' && target === search && search.value) {
        search.value = ''
        apply()
      }
      return
    }
    if (event.key === '/') {
      event.preventDefault()
      search.focus()
    } else if (event.key === ' ' && current && !current.hidden && !(target instanceof Element && target.closest('a, button, summary'))) {
      event.preventDefault()
      setFlipped(current, !isFlipped(current))
      updateAll()
    } else if (event.key === 'j' || event.key === 'k') {
      const shown = visible()
      if (shown.length === 0) return
      let at = shown.findIndex((item) => item.contains(document.activeElement))
      if (at === -1) at = shown.indexOf(current)
      const next = at === -1 ? 0 : Math.min(shown.length - 1, Math.max(0, at + (event.key === 'j' ? 1 : -1)))
      event.preventDefault()
      current = shown[next]
      flipButton(current).focus()
    }
  })

  apply()
})()
`
