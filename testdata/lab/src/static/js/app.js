// The todo page's logic. Every request uses a relative URL (./items) so the page keeps working
// when it is served under a path prefix such as code-server's /proxy/3000/.
(function () {
    const list = document.getElementById('items');
    const empty = document.getElementById('empty');
    const error = document.getElementById('error');
    const form = document.getElementById('add-form');
    const input = document.getElementById('new-item');

    async function request(method, url, body) {
        const res = await fetch(url, {
            method,
            headers: body ? { 'Content-Type': 'application/json' } : {},
            body: body ? JSON.stringify(body) : undefined,
        });
        if (!res.ok) throw new Error(`${method} ${url}: ${res.status}`);
        return res.status === 204 ? null : res.json();
    }

    function showError(err) {
        error.textContent = '요청이 실패했습니다 (request failed): ' + err.message;
        error.hidden = false;
    }

    function render(items) {
        error.hidden = true;
        list.replaceChildren(...items.map((item) => {
            const li = document.createElement('li');
            li.className = item.completed ? 'completed' : '';
            const box = document.createElement('input');
            box.type = 'checkbox';
            box.checked = item.completed;
            box.setAttribute('aria-label', '완료 (done)');
            box.addEventListener('change', () => {
                request('PUT', './items/' + encodeURIComponent(item.id), { completed: box.checked }).then(load, showError);
            });
            const name = document.createElement('span');
            name.className = 'name';
            name.textContent = item.name;
            const del = document.createElement('button');
            del.textContent = '삭제';
            del.title = 'Delete';
            del.addEventListener('click', () => {
                request('DELETE', './items/' + encodeURIComponent(item.id)).then(load, showError);
            });
            li.append(box, name, del);
            return li;
        }));
        empty.hidden = items.length > 0;
    }

    function load() {
        return request('GET', './items').then(render, showError);
    }

    form.addEventListener('submit', (event) => {
        event.preventDefault();
        const name = input.value.trim();
        if (!name) return;
        request('POST', './items', { name }).then(() => {
            input.value = '';
            return load();
        }, showError);
    });

    load();
})();
