// The playground page: renders the API's state every second and sends what people do. No dependencies.
"use strict";
const $ = (id) => document.getElementById(id);
let thread = null;

function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
}

// The engine writes chat markup (Slack style): mentions, channels, *bold*, _italic_, links.
function markup(text) {
  const unescaped = text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
  const code = [];
  const withoutCode = unescaped.replace(/`([^`\n]+)`/g, (_, inner) => `\u0000${code.push(inner) - 1}\u0000`);
  return escapeHtml(withoutCode)
    .replace(/&lt;@([\w.-]+)&gt;/g, '<span class="mention">@$1</span>')
    .replace(/&lt;#([\w.-]+)(\|[^&]*)?&gt;/g, '<span class="channel">#$1</span>')
    .replace(/&lt;(https?:\/\/[^|&]+)\|([^&]+)&gt;/g, '<a href="$1">$2</a>')
    .replace(/(^|\s)\*([^*\n]+)\*/g, "$1<strong>$2</strong>")
    .replace(/(^|\s)_([^_\n]+)_/g, "$1<em>$2</em>")
    .replace(/^&gt; (.*)$/gm, "<blockquote>$1</blockquote>")
    .replace(/\u0000(\d+)\u0000/g, (_, index) => `<code>${escapeHtml(code[Number(index)])}</code>`);
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

function say(message, isError = false) {
  const status = $("status");
  status.textContent = message;
  status.classList.toggle("error", isError);
}

function button(label, key, handler, title) {
  const element = document.createElement("button");
  element.type = "button";
  element.textContent = label;
  element.dataset.tool = key;
  if (title) { element.title = title; element.setAttribute("aria-label", title); }
  element.addEventListener("click", handler);
  return element;
}

const EMOJI = { eyes: "👀", raised_hand: "✋", white_check_mark: "✅" };
const REACTIONS = [["👀 Seen", "eyes", "React 👀: I've seen it"], ["✋ Mine", "raised_hand", "React ✋: I'm taking it"],
  ["✅ Done", "white_check_mark", "React ✅: it's resolved"]];

function renderPost(post, where) {
  const item = document.createElement("li");
  item.className = `post ${post.kind}${post.thread ? " reply-in-thread" : ""}`;
  item.dataset.id = post.id;
  item.tabIndex = -1;
  item.innerHTML = `<span class="who">${escapeHtml(post.author)}</span><time>${when(post.at)}</time>` +
    `<div class="body">${markup(post.text)}</div>`;
  if (post.reactions.length) {
    const shown = post.reactions.map((name) => EMOJI[name] || `:${escapeHtml(name)}:`).join(" ");
    item.insertAdjacentHTML("beforeend", `<div class="reactions" aria-label="Reactions">${shown}</div>`);
  }
  if (post.buttons.length) {
    const actions = document.createElement("div");
    actions.className = "actions";
    for (const { label, action, value } of post.buttons) {
      actions.append(button(label, action, () => act(
        () => api("button", { person: $("viewer").value, action, value }), `${label}: done`, post.id)));
    }
    item.append(actions);
  }
  if (where === "support") {
    const tools = document.createElement("div");
    tools.className = "tools";
    tools.append(button("Reply in thread", "thread", () => startThread(post)));
    for (const [emoji, reaction, title] of REACTIONS) {
      tools.append(button(emoji, reaction, () => act(
        () => api("react", { person: $("author").value, id: post.id, reaction }), `${$("author").value} reacted ${emoji}`, post.id), title));
    }
    item.append(tools);
  }
  return item;
}

// Threads read as in chat: each reply sits under the message that started its thread.
function threaded(posts) {
  const replies = new Map();
  for (const post of posts) {
    if (post.thread) replies.set(post.thread, [...(replies.get(post.thread) || []), post]);
  }
  return posts.filter((post) => !post.thread || !posts.some((p) => p.id === post.thread))
    .flatMap((post) => [post, ...(post.thread ? [] : replies.get(post.id) || [])]);
}

// Re-render only on change, and give focus back to the same control when the list held it.
function renderList(id, posts, where, person = "") {
  const list = $(id);
  const signature = JSON.stringify(posts);
  list.dataset.person = person;
  if (list.dataset.signature === signature) return;
  const focused = list.contains(document.activeElement) ? document.activeElement : null;
  const keep = focused && { post: focused.closest("li")?.dataset.id, tool: focused.dataset.tool };
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  list.dataset.signature = signature;
  list.replaceChildren(...(where === "support" ? threaded(posts) : posts).map((post) => renderPost(post, where)));
  if (atBottom) list.scrollTop = list.scrollHeight;
  if (keep?.post) focusPost(id, keep.post, keep.tool);
}

function focusPost(listId, postId, tool) {
  const item = $(listId).querySelector(`li[data-id="${CSS.escape(postId)}"]`);
  if (!item) return;
  (tool && item.querySelector(`[data-tool="${CSS.escape(tool)}"]`) || item).focus();
}

function fillPeople(people) {
  for (const id of ["author", "viewer"]) {
    const select = $(id);
    if (select.options.length) continue;
    for (const [person, role] of Object.entries(people)) select.add(new Option(`${person} (${role})`, person));
  }
}

async function refresh() {
  try {
    const person = $("viewer").value || "ana";
    const state = await api(`state?person=${encodeURIComponent(person)}`);
    fillPeople(state.people);
    $("now").textContent = when(state.now);
    $("next").textContent = state.next ? when(state.next) : "nothing";
    $("tip").innerHTML = state.tip ? markup(state.tip) : `none yet: it is posted at ${escapeHtml(state.tip_at || "the tip time")}`;
    renderList("support", state.support, "support");
    renderList("team", state.team, "team");
    renderList("private", state.private, "private", person);
  } catch (error) {
    $("now").textContent = "offline";
    say(`Cannot reach the bot: ${error.message}`, true);
  }
}

// Run what someone did, report it in the status line (never a pop-up), then redraw at once.
async function act(action, done, focusOn) {
  try {
    const result = await action();
    say(typeof done === "function" ? done(result) : done);
  } catch (error) {
    say(error.message, true);
  }
  await refresh();
  if (focusOn && !document.activeElement?.closest("li")) {
    for (const list of ["team", "private", "support"]) focusPost(list, focusOn);
  }
}

function startThread(post) {
  thread = post.thread || post.id;
  $("replying-to").textContent = post.text.slice(0, 60);
  $("replying").hidden = false;
  $("text").focus();
}

function stopThread() {
  thread = null;
  $("replying").hidden = true;
  $("text").focus();
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
  }, text.startsWith("/coach") ? `The answer is in ${person}'s private messages` : `Sent as ${person}`);
});
$("text").addEventListener("keydown", (event) => {
  if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); $("composer").requestSubmit(); }
  if (event.key === "Escape" && thread) stopThread();
});
$("unthread").addEventListener("click", stopThread);
$("viewer").addEventListener("change", refresh);
const moved = (data) => `The clock is now ${when(data.now)}`;
$("plus10").addEventListener("click", () => act(() => api("clock", { minutes: 10 }), moved));
$("plus60").addEventListener("click", () => act(() => api("clock", { minutes: 60 }), moved));
$("tonext").addEventListener("click", () => act(() => api("clock", { next: true }), moved));

async function setUpPractice() {
  const { scenarios } = await api("scenarios");
  for (const scenario of scenarios) $("scenario").add(new Option(scenario.title, scenario.key));
  const show = () => {
    $("customer-says").textContent = scenarios.find((s) => s.key === $("scenario").value).customer;
    $("practice-result").replaceChildren();
  };
  $("scenario").addEventListener("change", show);
  show();
  $("practice").addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const { coaching } = await api("practice", { scenario: $("scenario").value, text: $("practice-reply").value });
      $("practice-result").innerHTML = markup(coaching);
    } catch (error) {
      $("practice-result").textContent = error.message;
    }
  });
  $("practice-reply").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) $("practice").requestSubmit();
  });
}

setUpPractice();
refresh();
setInterval(refresh, 1000);
