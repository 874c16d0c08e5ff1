// The admin's only script, served as /admin/static/admin.js. It lives in a TypeScript string because
// the linter type-checks every .js file under src/. Progressive enhancement only.
export const ADMIN_JS = `// Progressive enhancement only: every page works without this file.
// Slug fields (data-slug-from) follow their source field until the user edits the slug itself.
'use strict';
function slugify(text) {
  return text.normalize('NFKD').replace(/[\\u0300-\\u036f]/g, '').toLowerCase()
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 100).replace(/-+$/, '');
}
document.addEventListener('DOMContentLoaded', function () {
  document.querySelectorAll('input[data-slug-from]').forEach(function (slug) {
    var source = document.getElementById(slug.getAttribute('data-slug-from'));
    if (!source) return;
    var touched = slug.value !== '';
    slug.addEventListener('input', function () { touched = slug.value !== ''; });
    source.addEventListener('input', function () { if (!touched) slug.value = slugify(source.value); });
  });
});
`;
