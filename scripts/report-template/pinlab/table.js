/* global document, URL, Blob */
/* Sortable, paged tables with a CSV download, for every `table.pinlab-table` of a page (written by
   lib/notebook/table.ts and by the report pages of scripts/). All rows are in the page; rows past
   the first page arrive `hidden`. A cell's `data-v` holds its exact value when the text is rounded. */
(function () {
  function value(cell) {
    return cell.hasAttribute('data-v') ? cell.getAttribute('data-v') : cell.textContent.trim();
  }
  function cellValue(row, column) {
    return row.cells[column] ? value(row.cells[column]) : '';
  }
  function asNumber(s) {
    return s !== '' && isFinite(Number(s)) ? Number(s) : null;
  }
  // Numbers before text; text in natural order ("run 2" before "run 10").
  function compare(a, b) {
    var x = asNumber(a),
      y = asNumber(b);
    if (x !== null && y !== null) return x - y;
    if (x !== null || y !== null) return x !== null ? -1 : 1;
    return a.localeCompare(b, undefined, { numeric: true });
  }
  function csvField(s) {
    return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }
  function button(label, cls) {
    var b = document.createElement('button');
    b.type = 'button';
    b.className = cls;
    b.textContent = label;
    return b;
  }

  function enhance(table, index) {
    var body = table.tBodies[0];
    var head = table.tHead && table.tHead.rows[0];
    if (!body || !head) return;
    var rows = Array.prototype.slice.call(body.rows);
    var pageRows = Number(table.getAttribute('data-page-rows')) || rows.length || 1;
    var state = { order: rows.slice(), page: 0, column: -1, ascending: true };
    var note = table.querySelector('.pinlab-table-note');
    if (note) note.parentNode.removeChild(note);

    var bar = document.createElement('div');
    bar.className = 'pinlab-table-bar';
    var info = document.createElement('span');
    var prev = button('\u2039 previous', 'pinlab-table-prev');
    var next = button('next \u203a', 'pinlab-table-next');
    var csv = button('download CSV', 'pinlab-table-csv');
    bar.appendChild(info);
    if (rows.length > pageRows) {
      bar.appendChild(prev);
      bar.appendChild(next);
    }
    bar.appendChild(csv);
    table.parentNode.insertBefore(bar, table.nextSibling);

    function render() {
      var pages = Math.max(1, Math.ceil(state.order.length / pageRows));
      state.page = Math.min(Math.max(state.page, 0), pages - 1);
      var first = state.page * pageRows;
      state.order.forEach(function (row, i) {
        body.appendChild(row);
        row.hidden = i < first || i >= first + pageRows;
      });
      var last = Math.min(first + pageRows, state.order.length);
      info.textContent =
        state.order.length > pageRows
          ? 'rows ' + (first + 1) + '\u2013' + last + ' of ' + state.order.length + ' '
          : state.order.length + ' rows ';
      prev.disabled = state.page === 0;
      next.disabled = state.page >= pages - 1;
    }

    Array.prototype.forEach.call(head.cells, function (th, column) {
      th.classList.add('pinlab-sortable');
      th.title = 'sort by ' + th.textContent.trim();
      th.addEventListener('click', function () {
        state.ascending = state.column === column ? !state.ascending : true;
        state.column = column;
        var sign = state.ascending ? 1 : -1;
        // Ties keep the original order, whichever direction.
        var position = new Map(
          rows.map(function (r, i) {
            return [r, i];
          }),
        );
        state.order = rows.slice().sort(function (a, b) {
          var x = cellValue(a, column),
            y = cellValue(b, column);
          // Empty cells last, whichever the direction.
          var c = x === '' || y === '' ? (x === '') - (y === '') : sign * compare(x, y);
          return c !== 0 ? c : position.get(a) - position.get(b);
        });
        Array.prototype.forEach.call(head.cells, function (h) {
          h.removeAttribute('aria-sort');
        });
        th.setAttribute('aria-sort', state.ascending ? 'ascending' : 'descending');
        state.page = 0;
        render();
      });
    });
    prev.addEventListener('click', function () {
      state.page--;
      render();
    });
    next.addEventListener('click', function () {
      state.page++;
      render();
    });
    csv.addEventListener('click', function () {
      var header = Array.prototype.map.call(head.cells, function (th) {
        return csvField(th.textContent.trim());
      });
      var lines = [header.join(',')];
      state.order.forEach(function (row) {
        lines.push(
          Array.prototype.map
            .call(row.cells, function (c) {
              return csvField(value(c));
            })
            .join(','),
        );
      });
      var caption = table.caption ? table.caption.textContent.trim() : '';
      var slug = caption
        .replace(/[^A-Za-z0-9]+/g, '-')
        .replace(/^-|-$/g, '')
        .slice(0, 60);
      var name = (slug || 'table-' + (index + 1)) + '.csv';
      var link = document.createElement('a');
      link.href = URL.createObjectURL(new Blob([lines.join('\r\n') + '\r\n'], { type: 'text/csv' }));
      link.download = name;
      document.body.appendChild(link);
      link.click();
      document.body.removeChild(link);
    });
    render();
  }

  document.addEventListener('DOMContentLoaded', function () {
    Array.prototype.forEach.call(document.querySelectorAll('table.pinlab-table'), enhance);
  });
})();
