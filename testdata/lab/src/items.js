// The todo items, kept in memory. Each item is { id, name, completed }.
const crypto = require('node:crypto');

const items = new Map();

/** list returns every item, oldest first. */
function list() {
    return [...items.values()];
}

/** add stores a new, not yet completed item and returns it. */
function add(name) {
    const item = { id: crypto.randomUUID(), name, completed: false };
    items.set(item.id, item);
    return item;
}

/** update changes the name and/or completed flag of an item; it returns undefined if there is none. */
function update(id, { name, completed }) {
    const item = items.get(id);
    if (!item) return undefined;
    if (typeof name === 'string' && name.trim() !== '') item.name = name.trim();
    if (typeof completed === 'boolean') item.completed = completed;
    return item;
}

/** remove deletes an item and reports whether there was one. */
function remove(id) {
    return items.delete(id);
}

module.exports = { list, add, update, remove };
