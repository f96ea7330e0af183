/* Entry grid: live 合计/类/款 subtotals while typing, a name beside each picked code,
 * and more empty rows. A convenience only — the server recomputes and validates
 * everything on save. Amounts are summed as integer cents (BigInt), never floats. */
(function () {
  "use strict";

  function toCents(text) {
    var t = (text || "").trim().replace(/,/g, "");
    if (t === "") return 0n;
    var m = /^\+?(\d*)(?:\.(\d{0,2})0*)?$/.exec(t);
    if (!m || (m[1] === "" && !m[2])) return null;
    return BigInt(m[1] || "0") * 100n + BigInt(((m[2] || "") + "00").slice(0, 2));
  }

  function format(cents) {
    var whole = (cents / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    var frac = (cents % 100n).toString().padStart(2, "0");
    return whole + "." + frac;
  }

  function codeOf(row) {
    var input = row.querySelector("input.grid-code");
    var m = input && /^\s*(\d+)/.exec(input.value);
    return m ? m[1] : "";
  }

  function recompute(table) {
    var inputs = Array.prototype.slice.call(table.querySelectorAll("tr[data-input-row]"));
    table.querySelectorAll("tr[data-computed-code]").forEach(function (row) {
      var prefix = row.getAttribute("data-computed-code");
      row.querySelectorAll("td[data-field]").forEach(function (cell) {
        var field = cell.getAttribute("data-field");
        var total = 0n;
        var complete = true;
        inputs.forEach(function (input) {
          var deleted = input.querySelector('input[type="checkbox"]');
          if (deleted && deleted.checked) return;
          var code = codeOf(input);
          if (prefix && code.indexOf(prefix) !== 0) return;
          var amount = input.querySelector('input[data-field="' + field + '"]');
          var cents = toCents(amount && amount.value);
          if (cents === null) complete = false;
          else total += cents;
        });
        cell.textContent = complete ? format(total) : "—";
      });
    });
  }

  function showName(row, names) {
    var input = row.querySelector("input.grid-code");
    var cell = row.querySelector(".grid-name");
    if (!input || !cell) return;
    var code = codeOf(row);
    if (code && names[code] !== undefined) cell.textContent = names[code];
  }

  function addRow(table) {
    var rows = table.querySelectorAll("tr[data-input-row]");
    var last = rows[rows.length - 1];
    if (!last) return;
    var index = rows.length;
    var copy = last.cloneNode(true);
    copy.classList.remove("grid-has-error");
    copy.querySelectorAll("ul.errorlist").forEach(function (ul) { ul.remove(); });
    copy.querySelectorAll("input").forEach(function (input) {
      input.name = input.name.replace(/^rows-\d+-/, "rows-" + index + "-");
      var label = input.getAttribute("aria-label");
      if (label) input.setAttribute("aria-label", label.replace(/\d+/, String(index + 1)));
      input.removeAttribute("aria-invalid");
      if (input.type === "checkbox") input.checked = false;
      else input.value = "";
    });
    copy.querySelector(".grid-number").textContent = String(index + 1);
    copy.querySelector(".grid-name").textContent = "";
    last.parentNode.appendChild(copy);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var table = document.getElementById("grid-table");
    if (!table) return;
    var names = {};
    document.querySelectorAll("#grid-codes option").forEach(function (option) {
      var m = /^(\d+)\s+(.*)$/.exec(option.value);
      if (m) names[m[1]] = m[2];
    });
    table.addEventListener("input", function (event) {
      var row = event.target.closest("tr[data-input-row]");
      if (row && event.target.classList.contains("grid-code")) showName(row, names);
      recompute(table);
    });
    table.addEventListener("change", function () { recompute(table); });
    var button = document.getElementById("grid-add-row");
    if (button) {
      button.hidden = false;
      button.addEventListener("click", function () { addRow(table); });
    }
  });
})();
