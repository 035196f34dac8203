// stats: a second service for the Compose lab. It asks the todo app for
// its items over the project's network, by the app's service name, and
// answers how many there are and how many are done.
const http = require('http');

const PORT = Number(process.env.PORT) || 8080;
const APP_URL = process.env.APP_URL || 'http://app:3000';

const server = http.createServer(async (req, res) => {
    try {
        const r = await fetch(`${APP_URL}/items`);
        const items = await r.json();
        const done = items.filter((i) => i.completed).length;
        res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify({ items: items.length, completed: done, from: APP_URL }));
    } catch (err) {
        res.writeHead(502, { 'Content-Type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify({ error: `cannot reach ${APP_URL}: ${err.message}` }));
    }
});

server.listen(PORT, () => console.log(`stats listening on port ${PORT}, asking ${APP_URL}`));
