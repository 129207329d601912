// The playground page: renders the API's state every second and sends what people do. No dependencies.
"use strict";
const $ = (id) => document.getElementById(id);
let thread = null;
let lastState = null;

function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
}

// The engine writes chat markup (Slack style): mentions, channels, *bold*, _italic_, links.
function markup(text) {
  const unescaped = text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
  return escapeHtml(unescaped)
    .replace(/&lt;@([\w.-]+)&gt;/g, '<span class="mention">@$1</span>')
    .replace(/&lt;#([\w.-]+)(\|[^&]*)?&gt;/g, '<span class="channel">#$1</span>')
    .replace(/&lt;(https?:\/\/[^|&]+)\|([^&]+)&gt;/g, '<a href="$1">$2</a>')
    .replace(/(^|\s)\*([^*\n]+)\*/g, "$1<strong>$2</strong>")
    .replace(/(^|\s)_([^_\n]+)_/g, "$1<em>$2</em>");
}

async function api(path, body) {
  const options = body === undefined ? {} : { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) };
  const response = await fetch(`/api/${path}`, options);
  const data = await response.json();
  if (!response.ok) throw new Error(data.error || response.statusText);
  return data;
}

function when(iso) {
  return new Date(iso).toLocaleString([], { weekday: "short", hour: "2-digit", minute: "2-digit" });
}

function renderPost(post, where) {
  const item = document.createElement("li");
  item.className = `post ${post.kind}${post.thread ? " reply-in-thread" : ""}`;
  item.dataset.id = post.id;
  item.innerHTML = `<span class="who">${escapeHtml(post.author)}</span><span class="when">${when(post.at)}</span>` +
    `<div class="body">${markup(post.text)}</div>`;
  if (post.reactions.length) {
    item.insertAdjacentHTML("beforeend", `<div class="reactions">${post.reactions.map(escapeHtml).join(" ")}</div>`);
  }
  if (post.buttons.length) {
    const actions = document.createElement("div");
    actions.className = "actions";
    for (const button of post.buttons) {
      const element = document.createElement("button");
      element.type = "button";
      element.textContent = button.label;
      element.addEventListener("click", () => act(() => api("button", { person: $("viewer").value, action: button.action, value: button.value })));
      actions.append(element);
    }
    item.append(actions);
  }
  if (where === "support") {
    const tools = document.createElement("div");
    tools.className = "tools";
    const tool = (label, handler) => {
      const element = document.createElement("button");
      element.type = "button";
      element.textContent = label;
      element.addEventListener("click", handler);
      tools.append(element);
    };
    tool("Reply in thread", () => { thread = post.thread || post.id; $("replying").hidden = false; $("text").focus(); });
    tool("👀", () => act(() => api("react", { person: $("author").value, id: post.id, reaction: "eyes" })));
    tool("✋", () => act(() => api("react", { person: $("author").value, id: post.id, reaction: "raised_hand" })));
    tool("✅", () => act(() => api("react", { person: $("author").value, id: post.id, reaction: "white_check_mark" })));
    item.append(tools);
  }
  return item;
}

function renderList(id, posts, where) {
  const list = $(id);
  const signature = JSON.stringify(posts);
  if (list.dataset.signature === signature) return;
  list.dataset.signature = signature;
  list.replaceChildren(...posts.map((post) => renderPost(post, where)));
  list.scrollTop = list.scrollHeight;
}

function fillPeople(people) {
  for (const id of ["author", "viewer"]) {
    const select = $(id);
    if (select.options.length) continue;
    for (const [person, role] of Object.entries(people)) {
      select.add(new Option(`${person} (${role})`, person));
    }
  }
}

async function refresh() {
  try {
    const state = await api(`state?person=${encodeURIComponent($("viewer").value || "ana")}`);
    fillPeople(state.people);
    $("now").textContent = when(state.now);
    $("next").textContent = state.next ? when(state.next) : "nothing";
    renderList("support", state.support, "support");
    renderList("team", state.team, "team");
    renderList("private", state.private, "private");
    lastState = state;
  } catch (error) {
    $("now").textContent = `offline (${error.message})`;
  }
}

async function act(action) {
  try { await action(); } catch (error) { alert(error.message); }
  await refresh();
}

$("composer").addEventListener("submit", (event) => {
  event.preventDefault();
  const text = $("text").value.trim();
  const person = $("author").value;
  if (!text) return;
  act(async () => {
    if (text.startsWith("/coach")) {
      await api("command", { person, text, id: thread });
      $("viewer").value = person;
    } else {
      await api("post", { person, text, thread });
    }
    $("text").value = "";
  });
});
$("text").addEventListener("keydown", (event) => {
  if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); $("composer").requestSubmit(); }
});
$("unthread").addEventListener("click", () => { thread = null; $("replying").hidden = true; });
$("viewer").addEventListener("change", refresh);
$("plus10").addEventListener("click", () => act(() => api("clock", { minutes: 10 })));
$("plus60").addEventListener("click", () => act(() => api("clock", { minutes: 60 })));
$("tonext").addEventListener("click", () => act(() => api("clock", { next: true })));

async function setUpPractice() {
  const { scenarios } = await api("scenarios");
  for (const scenario of scenarios) $("scenario").add(new Option(scenario.title, scenario.key));
  const show = () => { $("customer-says").textContent = scenarios.find((s) => s.key === $("scenario").value).customer; };
  $("scenario").addEventListener("change", show);
  show();
  $("practice-go").addEventListener("click", async () => {
    try {
      const { coaching } = await api("practice", { scenario: $("scenario").value, text: $("practice-reply").value });
      $("practice-result").innerHTML = markup(coaching);
    } catch (error) {
      $("practice-result").textContent = error.message;
    }
  });
}

setUpPractice();
refresh();
setInterval(refresh, 1000);
