// The admin's only script, served as /admin/static/admin.js. It lives in a TypeScript string because
// the linter type-checks every .js file under src/. Progressive enhancement only.
export const ADMIN_JS = `// Progressive enhancement only: every page works without this file.
// Slug fields (data-slug-from) follow their source field until the user edits the slug itself.
// Relation id boxes with a lookup endpoint (data-lookup) get a search box: an ARIA combobox whose
// listbox offers the related model's matches; picking one fills the id box and the label beside it.
'use strict';
function slugify(text) {
  return text.normalize('NFKD').replace(/[\\u0300-\\u036f]/g, '').toLowerCase()
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 100).replace(/-+$/, '');
}
function enhanceLookup(idBox) {
  var url = idBox.getAttribute('data-lookup');
  var name = idBox.getAttribute('data-lookup-label');
  var labelEl = document.getElementById(idBox.getAttribute('data-label-id'));
  var listId = idBox.id + '_listbox';
  var wrap = document.createElement('span');
  wrap.className = 'combobox';
  var input = document.createElement('input');
  input.type = 'text';
  input.id = idBox.id + '_search';
  input.placeholder = 'Type to search';
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-label', name);
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-expanded', 'false');
  input.setAttribute('aria-controls', listId);
  input.setAttribute('autocomplete', 'off');
  var list = document.createElement('ul');
  list.id = listId;
  list.className = 'combobox-options';
  list.hidden = true;
  list.setAttribute('role', 'listbox');
  list.setAttribute('aria-label', name);
  var status = document.createElement('span');
  status.className = 'visually-hidden';
  status.setAttribute('role', 'status');
  wrap.appendChild(input);
  wrap.appendChild(list);
  wrap.appendChild(status);
  idBox.parentNode.insertBefore(wrap, idBox);

  var options = [];
  var active = -1;
  var timer = null;
  var pending = null;
  function setOpen(open) {
    list.hidden = !open;
    input.setAttribute('aria-expanded', open ? 'true' : 'false');
    if (!open) setActive(-1);
  }
  function setActive(i) {
    active = i;
    options.forEach(function (o, j) { o.el.setAttribute('aria-selected', j === i ? 'true' : 'false'); });
    if (i < 0) { input.removeAttribute('aria-activedescendant'); return; }
    input.setAttribute('aria-activedescendant', options[i].el.id);
    options[i].el.scrollIntoView({ block: 'nearest' });
  }
  function pick(i) {
    var o = options[i];
    if (!o) return;
    idBox.value = String(o.id);
    if (labelEl) labelEl.textContent = o.label;
    input.value = o.label;
    status.textContent = o.label + ' chosen.';
    setOpen(false);
  }
  function show(results, note) {
    list.textContent = '';
    options = results.map(function (r, i) {
      var li = document.createElement('li');
      li.id = listId + '_' + i;
      li.setAttribute('role', 'option');
      li.setAttribute('aria-selected', 'false');
      li.textContent = r.label;
      var id = document.createElement('span');
      id.className = 'option-id';
      id.textContent = ' #' + r.id;
      li.appendChild(id);
      // mousedown would move the focus out of the box before the click picks.
      li.addEventListener('mousedown', function (e) { e.preventDefault(); });
      li.addEventListener('click', function () { pick(i); });
      list.appendChild(li);
      return { id: r.id, label: r.label, el: li };
    });
    setOpen(options.length > 0);
    status.textContent = note || (options.length === 0 ? 'No matches.' : options.length + (options.length === 1 ? ' match' : ' matches') + ', use the arrow keys to choose.');
  }
  function search() {
    var q = input.value.trim();
    if (pending) pending.abort();
    pending = null;
    if (q === '') { show([], ' '); return; }
    pending = new AbortController();
    fetch(url + '?q=' + encodeURIComponent(q), { credentials: 'same-origin', headers: { accept: 'application/json' }, signal: pending.signal })
      .then(function (res) {
        var type = res.headers.get('content-type') || '';
        if (!res.ok || type.indexOf('application/json') !== 0) throw new Error('lookup failed');
        return res.json();
      })
      .then(function (body) { show(body.results || [], body.complete === false ? 'The search took too long: type more of the name, or enter the id.' : ''); })
      .catch(function (err) { if (err.name !== 'AbortError') show([], 'Search is unavailable: enter the id.'); });
  }
  input.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(search, 150);
  });
  input.addEventListener('keydown', function (e) {
    var n = options.length;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (n === 0) return;
      e.preventDefault();
      if (list.hidden) setOpen(true);
      var step = e.key === 'ArrowDown' ? 1 : -1;
      setActive(active < 0 ? (step > 0 ? 0 : n - 1) : (active + step + n) % n);
    } else if (e.key === 'Enter') {
      // While the list is open, Enter chooses; it never submits the form from here.
      if (list.hidden) return;
      e.preventDefault();
      if (active >= 0) pick(active);
    } else if (e.key === 'Escape') {
      if (!list.hidden) { e.preventDefault(); setOpen(false); } else input.value = '';
    }
  });
  input.addEventListener('blur', function () { setOpen(false); });
  // An id typed by hand no longer matches the label shown.
  idBox.addEventListener('input', function () { if (labelEl) labelEl.textContent = ''; });
}
document.addEventListener('DOMContentLoaded', function () {
  document.querySelectorAll('input[data-lookup]').forEach(enhanceLookup);
  document.querySelectorAll('input[data-slug-from]').forEach(function (slug) {
    var source = document.getElementById(slug.getAttribute('data-slug-from'));
    if (!source) return;
    var touched = slug.value !== '';
    slug.addEventListener('input', function () { touched = slug.value !== ''; });
    source.addEventListener('input', function () { if (!touched) slug.value = slugify(source.value); });
  });
});
`;
