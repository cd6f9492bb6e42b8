import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import { clampSideWidth, expandedAfter, initialExpanded, isSidePanel, presentPanels, SIDE_WIDTH_DEFAULT, type SidePanel } from '../core/side-panels'
import { rememberedSideLayout, rememberSideLayout } from '../io/page-prefs'
import { useSelectionStore } from './selection'
import { useViewStore } from './view'

/**
 * The desk's right column: one analysis panel expanded at a time (the others folded to their
 * title bar), the area detail beside it, and the column's width; all as the user left them at
 * the last visit.
 */
export const useSidePanelsStore = defineStore('sidePanels', () => {
  const view = useViewStore()
  const selection = useSelectionStore()
  const saved = rememberedSideLayout()

  const present = computed(() => presentPanels(view.layers))
  const remembered = saved.expanded === 'none' ? 'none' : isSidePanel(saved.expanded) ? saved.expanded : null
  const expanded = ref<SidePanel | null>(initialExpanded(remembered, present.value))
  const detailOpen = ref(saved.detailOpen ?? true)
  /** the user's width; `shownWidth` is what this window has room for */
  const width = ref(typeof saved.width === 'number' ? saved.width : SIDE_WIDTH_DEFAULT)
  const windowWidth = ref(window.innerWidth)
  window.addEventListener('resize', () => { windowWidth.value = window.innerWidth })
  const shownWidth = computed(() => clampSideWidth(width.value, windowWidth.value))

  watch(present, (after, before) => { expanded.value = expandedAfter(expanded.value, before, after) })
  // picking another area is asking to see it
  watch(() => selection.area, (a, b) => {
    if (a && (a.id !== b?.id || a.layer !== b?.layer)) detailOpen.value = true
  })
  watch([expanded, detailOpen, width], () => rememberSideLayout({ expanded: expanded.value ?? 'none', detailOpen: detailOpen.value, width: width.value }))

  /** The user opened or closed a panel by its title bar; opening one is turning to that task, so the area detail folds too. */
  function toggle(p: SidePanel) {
    if (expanded.value === p) {
      expanded.value = null
    } else {
      expanded.value = p
      detailOpen.value = false
    }
  }
  /** A task of this panel began elsewhere (an alert picked on the map for the units' list): show it. */
  function expand(p: SidePanel) {
    expanded.value = p
  }
  /** Sets the width the user dragged to, kept within what this window has room for. */
  function setWidth(w: number) {
    width.value = clampSideWidth(w, windowWidth.value)
  }

  return { expanded, detailOpen, width, shownWidth, toggle, expand, setWidth }
})
