// Dash 4's RadioItems render a role="listbox" with no accessible name (axe-core: aria-input-field-name).
// Each sits in a fieldset whose legend names the group (layout._group): point the list at it.
new MutationObserver(() => {
  document.querySelectorAll("fieldset > legend[id]").forEach((legend) => {
    const list = legend.parentElement.querySelector('[role="listbox"]');
    if (list && list.getAttribute("aria-labelledby") !== legend.id) {
      list.setAttribute("aria-labelledby", legend.id);
    }
  });
}).observe(document.documentElement, { childList: true, subtree: true });
