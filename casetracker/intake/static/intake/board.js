// The hotline page: the intake form (keyboard only, no reload between calls) and the
// station board, refreshed every few seconds in place so the operator keeps their place.
(function () {
  "use strict";

  const POLL_MS = 5000;
  const root = document.querySelector(".ct-hotline");
  if (!root) return;
  const words = JSON.parse(document.getElementById("ct-words").textContent);
  const apiUrl = root.dataset.apiUrl;
  const boardUrl = root.dataset.boardUrl;
  const eventId = root.dataset.event;
  const eventCity = root.dataset.eventCity;
  const converts = root.dataset.converts === "1";
  const csrf = root.querySelector("input[name=csrfmiddlewaretoken]").value;
  const form = document.getElementById("intake-form");
  const $ = (id) => document.getElementById(id);

  // --- talking to the server ------------------------------------------------------------

  async function send(method, url, body) {
    const response = await fetch(url, {
      method: method,
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, Accept: "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    let data = {};
    try {
      data = await response.json();
    } catch (error) {
      data = { detail: response.statusText };
    }
    return { status: response.status, data: data };
  }

  // --- times: typed as "23:15" (today, or yesterday when that is still to come),
  // "23.01 23:15" or "23.01.2021 23:15"; N fills in now --------------------------------

  function pad(n) {
    return String(n).padStart(2, "0");
  }
  function localValue(date) {
    return `${pad(date.getDate())}.${pad(date.getMonth() + 1)}.${date.getFullYear()} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
  }
  const TIME = /^\s*(?:(\d{1,2})\.(\d{1,2})(?:\.(\d{4}))?\s+)?(\d{1,2})[:.](\d{2})\s*$/;
  // A Date, null for an empty field, undefined for text that is no time.
  function parseTime(text) {
    if (!text.trim()) return null;
    const match = TIME.exec(text);
    if (!match) return undefined;
    const now = new Date();
    const [, day, month, year, hours, minutes] = match;
    const date = new Date(
      year ? Number(year) : now.getFullYear(),
      month ? Number(month) - 1 : now.getMonth(),
      day ? Number(day) : now.getDate(),
      Number(hours),
      Number(minutes),
    );
    if (Number(hours) > 23 || Number(minutes) > 59 || Number.isNaN(date.getTime())) return undefined;
    if (!day && date - now > 5 * 60 * 1000) date.setDate(date.getDate() - 1);
    return date;
  }
  function clock(minutes) {
    if (minutes === null || minutes === undefined) return "";
    return `${Math.floor(minutes / 60)} ${words.h} ${pad(minutes % 60)} ${words.min}`;
  }

  // --- the form --------------------------------------------------------------------------

  const FIELDS = ["full_name", "phone", "reported_by", "detained_at", "detained_place", "police_station",
    "delivered_at", "released_at", "notes", "publish_consent"];
  const TIME_FIELDS = ["detained_at", "delivered_at", "released_at"];

  function clearErrors() {
    document.querySelectorAll(".ct-error").forEach((node) => { node.textContent = ""; });
  }

  function showErrors(errors) {
    let first = null;
    for (const [field, messages] of Object.entries(errors)) {
      const target = document.querySelector(`.ct-error[data-for="${field}"]`) ||
        document.querySelector('.ct-error[data-for="non_field_errors"]');
      const text = Array.isArray(messages) ? messages.join(" ") : String(messages);
      target.textContent = text;
      if (!first) first = field;
    }
    const input = first && $(first === "police_station" ? "f-station" : `f-${first}`);
    if (input) input.focus();
  }

  function values() {
    const body = {};
    const errors = {};
    for (const name of FIELDS) {
      const input = $(`f-${name}`);
      if (name === "publish_consent") body[name] = input.checked;
      else if (TIME_FIELDS.includes(name)) {
        const date = parseTime(input.value);
        if (date === undefined) errors[name] = [words.bad_time];
        else body[name] = date ? date.toISOString() : null;
      }
      else if (name === "police_station") body[name] = input.value ? Number(input.value) : null;
      else body[name] = input.value;
    }
    if (eventId) body.event = Number(eventId);
    return { body: body, errors: errors };
  }

  function fill(intake) {
    $("f-id").value = intake.id || "";
    $("f-version").value = intake.version || "";
    for (const name of FIELDS) {
      const input = $(`f-${name}`);
      const value = intake[name];
      if (name === "publish_consent") input.checked = Boolean(value);
      else if (TIME_FIELDS.includes(name)) input.value = value ? localValue(new Date(value)) : "";
      else if (name === "police_station") input.value = value || "";
      else if (value !== undefined && value !== null) input.value = value;
    }
    $("f-station").value = intake.station_name || "";
    const editing = document.querySelector(".ct-hotline-editing");
    editing.hidden = !intake.id;
    editing.textContent = intake.id ? `(${words.editing} #${intake.id})` : "";
  }

  function resetForm(message) {
    form.reset();
    fill({ reported_by: "relative" });
    clearErrors();
    $("conflict").hidden = true;
    $("form-status").textContent = message || "";
    $("f-full_name").focus();
  }

  async function save(event) {
    event.preventDefault();
    if (stationList.open()) return;
    clearErrors();
    const id = $("f-id").value;
    const { body, errors } = values();
    if (Object.keys(errors).length) {
      showErrors(errors);
      return;
    }
    let result;
    if (id) {
      body.version = Number($("f-version").value);
      result = await send("PATCH", `${apiUrl}${id}/`, body);
    } else {
      result = await send("POST", apiUrl, body);
    }
    if (result.status === 409) {
      showConflict(result.data);
      return;
    }
    if (result.status >= 400) {
      $("form-status").textContent = words.failed;
      showErrors(result.data);
      return;
    }
    const saved = result.data;
    resetForm(`${words.saved}: #${saved.id}`);
    if (saved.possible_duplicates && saved.possible_duplicates.length) showDuplicates(saved);
    else $("duplicates").hidden = true;
    refresh();
  }

  function showConflict(data) {
    const box = $("conflict");
    const current = data.current || {};
    box.textContent = "";
    const lead = document.createElement("p");
    lead.textContent = words.conflict;
    box.appendChild(lead);
    const list = document.createElement("dl");
    for (const name of FIELDS) {
      if (current[name] === undefined) continue;
      const term = document.createElement("dt");
      term.textContent = document.querySelector(`label[for="f-${name}"]`)?.textContent || name;
      const value = document.createElement("dd");
      value.textContent = current[name] === null ? "" : String(current[name]);
      list.append(term, value);
    }
    box.appendChild(list);
    box.hidden = false;
    // The next save is made knowingly over what is stored now.
    $("f-version").value = current.version || "";
  }

  // Duplicates side by side: the new report and each earlier one, with a merge button.
  async function showDuplicates(saved) {
    const box = $("duplicates");
    box.textContent = "";
    const table = document.createElement("table");
    table.className = "ct-side-by-side";
    const reports = [saved];
    for (const id of saved.possible_duplicates) {
      const result = await send("GET", `${apiUrl}${id}/`);
      if (result.status === 200) reports.push(result.data);
    }
    const head = table.insertRow();
    head.insertCell().textContent = words.possible;
    for (const report of reports) head.insertCell().textContent = `#${report.id}`;
    for (const name of ["full_name", "phone", "detained_at", "delivered_at", "created_at", "notes"]) {
      const row = table.insertRow();
      row.insertCell().textContent = document.querySelector(`label[for="f-${name}"]`)?.textContent || name;
      for (const report of reports) {
        const value = report[name];
        row.insertCell().textContent = value && name.endsWith("_at") ? new Date(value).toLocaleString() : (value || "");
      }
    }
    const actions = table.insertRow();
    actions.insertCell();
    actions.insertCell();
    for (const report of reports.slice(1)) {
      const cell = actions.insertCell();
      const button = document.createElement("button");
      button.type = "button";
      button.className = "button";
      button.textContent = words.merge;
      button.addEventListener("click", async () => {
        const result = await send("POST", `${apiUrl}${saved.id}/merge/`, { into: report.id });
        if (result.status === 200) {
          box.hidden = true;
          $("form-status").textContent = `#${saved.id} ${words.merged} → #${report.id}`;
          refresh();
        } else {
          $("form-status").textContent = result.data.detail || JSON.stringify(result.data);
        }
      });
      cell.appendChild(button);
    }
    box.appendChild(table);
    box.hidden = false;
  }

  // --- the station picker: type, arrows, Enter or Tab ------------------------------------

  const stationList = (function () {
    const input = $("f-station");
    const hidden = $("f-police_station");
    const list = $("station-options");
    if (!input) return { open: () => false };
    let options = [];
    let active = -1;
    let timer = null;

    function render() {
      list.textContent = "";
      options.forEach((station, index) => {
        const item = document.createElement("li");
        item.role = "option";
        item.id = `station-option-${station.id}`;
        item.textContent = `${station.name} (${station.city})`;
        item.setAttribute("aria-selected", index === active ? "true" : "false");
        item.addEventListener("mousedown", (event) => { event.preventDefault(); choose(index); });
        list.appendChild(item);
      });
      list.hidden = options.length === 0;
      input.setAttribute("aria-expanded", String(!list.hidden));
      if (active >= 0) input.setAttribute("aria-activedescendant", `station-option-${options[active].id}`);
    }
    function choose(index) {
      const station = options[index];
      input.value = station.name;
      hidden.value = station.id;
      options = [];
      active = -1;
      render();
    }
    async function search() {
      const params = new URLSearchParams({ q: input.value.trim() });
      if (eventCity) params.set("city", eventCity);
      const result = await send("GET", `${apiUrl}police-stations/?${params}`);
      options = result.status === 200 ? result.data.slice(0, 10) : [];
      active = options.length ? 0 : -1;
      render();
    }
    input.addEventListener("input", () => {
      hidden.value = "";
      clearTimeout(timer);
      if (input.value.trim().length === 0) { options = []; render(); return; }
      timer = setTimeout(search, 120);
    });
    input.addEventListener("keydown", (event) => {
      if (list.hidden) return;
      if (event.key === "ArrowDown") { active = Math.min(active + 1, options.length - 1); render(); event.preventDefault(); }
      else if (event.key === "ArrowUp") { active = Math.max(active - 1, 0); render(); event.preventDefault(); }
      else if ((event.key === "Enter" || event.key === "Tab") && active >= 0) {
        choose(active);
        if (event.key === "Enter") event.preventDefault();
      } else if (event.key === "Escape") { options = []; render(); event.stopPropagation(); }
    });
    input.addEventListener("blur", () => { setTimeout(() => { options = []; render(); }, 100); });
    return { open: () => !list.hidden };
  })();

  if (form) {
    form.addEventListener("submit", save);
    $("f-reset").addEventListener("click", () => resetForm(""));
    form.addEventListener("keydown", (event) => {
      if (event.key === "Escape") { event.preventDefault(); resetForm(""); }
      // Enter in the notes adds a line; Ctrl+Enter saves from anywhere.
      if (event.key === "Enter" && event.ctrlKey) { event.preventDefault(); form.requestSubmit(); }
    });
    // "now" is one key away in every time field: N (or the Russian layout's Т).
    document.querySelectorAll(".ct-time").forEach((input) => {
      input.addEventListener("keydown", (event) => {
        if (["n", "N", "т", "Т"].includes(event.key) && !event.ctrlKey && !event.altKey) {
          event.preventDefault();
          input.value = localValue(new Date());
        }
      });
    });
  }

  // --- the board -------------------------------------------------------------------------

  function cell(row, index) {
    while (row.cells.length <= index) row.insertCell();
    return row.cells[index];
  }
  function setText(node, text) {
    if (node.textContent !== text) node.textContent = text;
  }

  // Rows are keyed by id and updated in place, moved only when their order changes, so a
  // refresh keeps the scroll position and the button the operator is on.
  function syncRows(tbody, items, key, paint) {
    const existing = new Map();
    for (const row of tbody.rows) existing.set(row.dataset.key, row);
    const wanted = new Set(items.map((item) => String(item[key])));
    for (const [id, row] of existing) if (!wanted.has(id)) row.remove();
    let previous = null;
    for (const item of items) {
      const id = String(item[key]);
      let row = existing.get(id);
      if (!row) {
        row = document.createElement("tr");
        row.dataset.key = id;
      }
      paint(row, item);
      const expected = previous ? previous.nextElementSibling : tbody.firstElementChild;
      if (row !== expected) tbody.insertBefore(row, expected);
      previous = row;
    }
  }

  function lawyerStatusText(status) {
    return { none: words.none, sent: words.sent, admitted: words.admitted, refused: words.refused }[status] || status;
  }

  function paintStation(row, station) {
    row.className = station.over_48h ? "ct-over48" : station.over_3h ? "ct-over3" : "";
    setText(cell(row, 0), station.name);
    setText(cell(row, 1), String(station.held));
    setText(cell(row, 2), String(station.over_3h));
    setText(cell(row, 3), String(station.over_48h));
    setText(cell(row, 4), String(station.released));
    setText(cell(row, 5), String(station.taken_to_court));
    setText(cell(row, 6), lawyerStatusText(station.lawyer_status));
  }

  function actionButton(label, handler) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "button ct-row-action";
    button.textContent = label;
    button.addEventListener("click", handler);
    return button;
  }

  async function patchPerson(person, changes) {
    const result = await send("PATCH", `${apiUrl}${person.id}/`, { version: person.version, ...changes });
    if (result.status === 409) $("form-status") && ($("form-status").textContent = words.conflict);
    else if (result.status >= 400) alertRow(person, result.data);
    refresh();
  }

  function alertRow(person, data) {
    const status = $("board-updated");
    setText(status, `#${person.id}: ${Object.values(data).flat().join(" ")}`);
  }

  function paintPerson(row, person) {
    row.className = person.over_48h ? "ct-over48" : person.over_3h ? "ct-over3" : person.held ? "" : "ct-done";
    setText(cell(row, 0), String(person.id));
    setText(cell(row, 1), person.full_name || (person.case ? `${words.case} #${person.case}` : ""));
    setText(cell(row, 2), person.station_name);
    setText(cell(row, 3), person.held ? clock(person.held_minutes) : "");
    setText(cell(row, 4), person.duplicate_of ? `${words.merged} → #${person.duplicate_of}` : person.status_label || person.status);
    setText(cell(row, 5), person.lawyer);
    const actions = cell(row, 6);
    // Rebuilt only when what the row offers changes, so a focused button survives a refresh.
    const signature = `${person.version}|${person.held}|${person.case}|${person.duplicate_of}`;
    if (actions.dataset.signature === signature) return;
    actions.dataset.signature = signature;
    actions.textContent = "";
    row.dataset.version = person.version;
    if (person.case || person.duplicate_of) return;
    if (form) {
      actions.appendChild(actionButton(words.edit, async () => {
        const result = await send("GET", `${apiUrl}${person.id}/`);
        if (result.status === 200) {
          fill({ ...result.data, station_name: person.station_name });
          $("f-full_name").focus();
        }
      }));
    }
    if (person.held) {
      actions.appendChild(actionButton(words.released, () => patchPerson(person, { released_at: new Date().toISOString() })));
      actions.appendChild(actionButton(words.court, () => patchPerson(person, { taken_to_court_at: new Date().toISOString() })));
    }
    if (converts) {
      actions.appendChild(actionButton(words.convert, async () => {
        const result = await send("POST", `${apiUrl}${person.id}/convert/`);
        if (result.status >= 400) alertRow(person, result.data);
        refresh();
      }));
    }
  }

  function paintDispatches(dispatches) {
    const box = $("my-dispatches");
    const mine = dispatches.filter((dispatch) => dispatch.mine);
    const signature = JSON.stringify(mine);
    if (box.dataset.signature === signature) return;
    box.dataset.signature = signature;
    box.textContent = "";
    for (const dispatch of mine) {
      const line = document.createElement("p");
      line.textContent = `${words.my_station} ${dispatch.station_name}: ${lawyerStatusText(dispatch.lawyer_status)} `;
      for (const [admitted, label] of [[true, words.admitted], [false, words.refused]]) {
        line.appendChild(actionButton(label, async () => {
          await send("POST", `${apiUrl}dispatches/${dispatch.id}/entry/`, { admitted: admitted });
          refresh();
        }));
      }
      box.appendChild(line);
    }
  }

  function paintDispatchStations(stations) {
    const select = $("d-station");
    if (!select) return;
    const chosen = select.value;
    const signature = stations.map((station) => station.police_station).join(",");
    if (select.dataset.signature === signature) return;
    select.dataset.signature = signature;
    select.textContent = "";
    for (const station of stations) {
      const option = document.createElement("option");
      option.value = station.police_station;
      option.textContent = station.name;
      select.appendChild(option);
    }
    if (chosen) select.value = chosen;
  }

  const dispatchForm = $("dispatch-form");
  if (dispatchForm) {
    dispatchForm.addEventListener("submit", async (event) => {
      event.preventDefault();
      const result = await send("POST", `${apiUrl}dispatches/`, {
        event: eventId ? Number(eventId) : null,
        police_station: Number($("d-station").value),
        lawyer: Number($("d-lawyer").value),
      });
      if (result.status >= 400) setText($("board-updated"), Object.values(result.data).flat().join(" "));
      refresh();
    });
  }

  let refreshing = false;
  async function refresh() {
    if (refreshing) return;
    refreshing = true;
    try {
      const url = eventId ? `${boardUrl}?event=${eventId}` : boardUrl;
      const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
      if (!response.ok) throw new Error(response.statusText);
      const board = await response.json();
      syncRows(document.querySelector("#stations tbody"), board.stations, "police_station", paintStation);
      syncRows(document.querySelector("#people tbody"), board.people, "id", paintPerson);
      paintDispatches(board.dispatches);
      paintDispatchStations(board.stations);
      setText($("board-updated"), `${words.updated} ${new Date(board.now).toLocaleTimeString()}`);
    } catch (error) {
      setText($("board-updated"), words.offline);
    } finally {
      refreshing = false;
    }
  }

  refresh();
  setInterval(refresh, POLL_MS);
})();
