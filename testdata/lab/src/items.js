// The todo items, each { id, name, completed }, kept in a JSON file under /etc/todos (as the
// workshop's app keeps its SQLite file there), so the volume lesson is real: a new container
// starts with the items of the last one only when /etc/todos is a volume
// (`docker run -v todo-db:/etc/todos ...`). No npm dependency: node:fs does the work.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const DIR = process.env.TODOS_DIR || '/etc/todos';
const FILE = path.join(DIR, 'todo.json');

const items = new Map();
let persistent = true;

// load reads the items the last container wrote, if any.
function load() {
    try {
        fs.mkdirSync(DIR, { recursive: true });
    } catch (err) {
        persistent = false;
        console.log(`Cannot create ${DIR} (${err.code}); items are kept in memory only`);
        return;
    }
    let text;
    try {
        text = fs.readFileSync(FILE, 'utf8');
    } catch (err) {
        if (err.code !== 'ENOENT') console.log(`Cannot read ${FILE} (${err.code}); starting empty`);
        console.log(`Using ${FILE} (new)`);
        return;
    }
    try {
        for (const item of JSON.parse(text)) {
            if (item && typeof item.id === 'string' && typeof item.name === 'string') {
                items.set(item.id, { id: item.id, name: item.name, completed: item.completed === true });
            }
        }
        console.log(`Using ${FILE} (${items.size} items)`);
    } catch (err) {
        // Keep the unreadable file for a person to look at; start empty beside it.
        fs.renameSync(FILE, `${FILE}.broken-${Date.now()}`);
        console.log(`${FILE} was not valid JSON (${err.message}); moved it aside and started empty`);
    }
}

// save writes every item to a temporary file and renames it over the old one, so a container
// stopped mid-write never leaves half a file.
function save() {
    if (!persistent) return;
    const tmp = `${FILE}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify([...items.values()], null, 2));
    fs.renameSync(tmp, FILE);
}

/** list returns every item, oldest first. */
function list() {
    return [...items.values()];
}

/** add stores a new, not yet completed item and returns it. */
function add(name) {
    const item = { id: crypto.randomUUID(), name, completed: false };
    items.set(item.id, item);
    save();
    return item;
}

/** update changes the name and/or completed flag of an item; it returns undefined if there is none. */
function update(id, { name, completed }) {
    const item = items.get(id);
    if (!item) return undefined;
    if (typeof name === 'string' && name.trim() !== '') item.name = name.trim();
    if (typeof completed === 'boolean') item.completed = completed;
    save();
    return item;
}

/** remove deletes an item and reports whether there was one. */
function remove(id) {
    const had = items.delete(id);
    if (had) save();
    return had;
}

load();

module.exports = { list, add, update, remove, FILE };
