/* global document */
/* A notebook report's navigation: a table of contents built from its headings, and code cells that
   fold one by one (click the In [n] prompt) or all at once (the header's toggle). */
(function () {
  function headingText(h) {
    var copy = h.cloneNode(true);
    // Without the pilcrow link and KaTeX's hidden MathML copy of any formula.
    Array.prototype.forEach.call(copy.querySelectorAll('.anchor-link, .katex-mathml'), function (e) {
      e.remove();
    });
    return copy.textContent.replace(/\s+/g, ' ').trim();
  }

  function buildToc() {
    var headings = document.querySelectorAll(
      '.jp-MarkdownCell h1, .jp-MarkdownCell h2, .jp-MarkdownCell h3, ' +
        '.jp-OutputArea .jp-RenderedMarkdown h2, .jp-OutputArea .jp-RenderedMarkdown h3',
    );
    if (!headings.length) return;
    var nav = document.createElement('nav');
    nav.id = 'pinlab-toc';
    var title = document.createElement('div');
    title.className = 'pinlab-toc-title';
    title.textContent = 'Contents';
    nav.appendChild(title);
    var list = document.createElement('ol');
    Array.prototype.forEach.call(headings, function (h, i) {
      if (!h.id) h.id = 'pinlab-heading-' + (i + 1);
      var item = document.createElement('li');
      item.className = 'pinlab-toc-' + h.tagName.toLowerCase();
      var link = document.createElement('a');
      link.href = '#' + h.id;
      link.textContent = headingText(h);
      item.appendChild(link);
      list.appendChild(item);
    });
    nav.appendChild(list);
    var banner = document.querySelector('.pinlab-banner');
    document.body.insertBefore(nav, banner ? banner.nextSibling : document.body.firstChild);
    document.body.classList.add('pinlab-has-toc');
  }

  function setFolded(cell, folded) {
    cell.classList.toggle('pinlab-folded', folded);
  }

  function buildFolding() {
    var cells = Array.prototype.slice.call(document.querySelectorAll('.jp-CodeCell'));
    var inputs = cells.filter(function (c) {
      return c.querySelector('.jp-InputArea-editor');
    });
    if (!inputs.length) return;
    inputs.forEach(function (cell) {
      var editor = cell.querySelector('.jp-InputArea-editor');
      var code = editor.querySelector('pre') || editor;
      var lines = code.textContent.replace(/\n+$/, '').split('\n').length;
      var summary = document.createElement('div');
      summary.className = 'pinlab-fold-summary';
      summary.textContent =
        '\u25b8 code hidden (' + lines + (lines === 1 ? ' line' : ' lines') + ') \u2014 click to show';
      summary.addEventListener('click', function () {
        setFolded(cell, false);
        sync();
      });
      editor.parentNode.insertBefore(summary, editor.nextSibling);
      var prompt = cell.querySelector('.jp-InputPrompt');
      if (prompt) {
        prompt.title = 'fold or unfold this cell\u2019s code';
        prompt.classList.add('pinlab-fold-prompt');
        prompt.addEventListener('click', function () {
          setFolded(cell, !cell.classList.contains('pinlab-folded'));
          sync();
        });
      }
    });
    var toggle = document.createElement('button');
    toggle.type = 'button';
    toggle.id = 'pinlab-code-toggle';
    function sync() {
      var allFolded = inputs.every(function (c) {
        return c.classList.contains('pinlab-folded');
      });
      toggle.textContent = allFolded ? 'show all code' : 'hide all code';
      toggle.setAttribute('aria-pressed', String(allFolded));
    }
    toggle.addEventListener('click', function () {
      var fold = toggle.getAttribute('aria-pressed') !== 'true';
      inputs.forEach(function (c) {
        setFolded(c, fold);
      });
      sync();
    });
    sync();
    var tools = document.querySelector('.pinlab-banner .pinlab-tools');
    (tools || document.body).insertBefore(toggle, tools ? tools.firstChild : document.body.firstChild);
  }

  document.addEventListener('DOMContentLoaded', function () {
    buildToc();
    buildFolding();
  });
})();
