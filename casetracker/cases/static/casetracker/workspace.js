// The case page: opens a record's form in place, saves it and shows the result without
// reloading the page. Every link and form also works without this script (each form is
// a page of its own); the server answers a request marked with the header below with a
// piece of the page instead.
'use strict';
// The admin's media puts this script in the page's head: it starts once the page is read.
function startCaseWorkspace() {
    const root = document.getElementById('ct-workspace');
    if (!root || !window.fetch) {
        return;
    }
    const HEADER = {'X-Workspace-Fragment': '1'};

    function csrfToken() {
        const input = document.querySelector('#ct-workspace-csrf input[name=csrfmiddlewaretoken]');
        return input ? input.value : '';
    }

    function parse(html) {
        const template = document.createElement('template');
        template.innerHTML = html;
        return template.content;
    }

    // What the admin does for a row it adds to a formset: pickers, calendars, clocks.
    function startWidgets(container) {
        const $ = window.django && window.django.jQuery;
        if ($ && $.fn.djangoAdminSelect2) {
            $(container).find('.admin-autocomplete').djangoAdminSelect2();
        }
        if (window.DateTimeShortcuts) {
            container.querySelectorAll('input.vDateField').forEach(function(input) {
                if (!input.parentNode.querySelector('.datetimeshortcuts')) {
                    window.DateTimeShortcuts.addCalendar(input);
                }
            });
            container.querySelectorAll('input.vTimeField').forEach(function(input) {
                if (!input.parentNode.querySelector('.datetimeshortcuts')) {
                    window.DateTimeShortcuts.addClock(input);
                }
            });
        }
    }

    function focusFirstField(container) {
        const field = container.querySelector('.errors input, .errors select, .errors textarea') ||
            container.querySelector('input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea');
        if (field) {
            field.focus();
        }
    }

    function showProblem(place, message) {
        const note = document.createElement('p');
        note.className = 'errornote';
        note.setAttribute('role', 'alert');
        note.textContent = message;
        place.prepend(note);
    }

    // A form opened in place: `holder` replaces the record it edits (kept hidden until
    // the form closes) or stands before the add button's paragraph.
    async function openForm(link) {
        const record = link.closest('[data-record]');
        if (record && record.nextElementSibling && record.nextElementSibling.matches('.ct-editing')) {
            focusFirstField(record.nextElementSibling);
            return;
        }
        let response;
        try {
            response = await fetch(link.href, {headers: HEADER, credentials: 'same-origin'});
        } catch (error) {
            window.location.href = link.href;
            return;
        }
        if (!response.ok) {
            window.location.href = link.href;
            return;
        }
        const holder = document.createElement('div');
        holder.className = 'ct-editing';
        holder.append(parse(await response.text()));
        if (record) {
            record.hidden = true;
            record.after(holder);
        } else {
            link.closest('.ct-actions').before(holder);
            link.closest('.ct-actions').hidden = true;
        }
        startWidgets(holder);
        focusFirstField(holder);
    }

    function closeForm(holder) {
        const record = holder.previousElementSibling;
        if (record && record.matches('[data-record]') && record.hidden) {
            record.hidden = false;
            record.querySelector('[data-record-form]').focus();
        } else if (holder.nextElementSibling && holder.nextElementSibling.matches('.ct-actions')) {
            holder.nextElementSibling.hidden = false;
            holder.nextElementSibling.querySelector('a').focus();
        }
        holder.remove();
    }

    function replaceById(fresh, id) {
        const current = document.getElementById(id);
        const replacement = fresh.getElementById(id);
        if (current && replacement) {
            current.replaceWith(replacement);
        }
    }

    // After a save: the timeline, the case's facts and the section counts come back
    // fresh; so does the saved record, in its place. Other open forms stay as they are.
    function applySaved(html, anchor, holder) {
        const fresh = parse(html);
        replaceById(fresh, 'timeline');
        replaceById(fresh, 'details');
        fresh.querySelectorAll('.ct-section h2').forEach(function(heading) {
            const current = document.getElementById(heading.id);
            if (current) {
                current.replaceWith(heading);
            }
        });
        const record = fresh.getElementById(anchor);
        const old = document.getElementById(anchor);
        if (record && old) {
            old.replaceWith(record);
        } else if (record) {
            const list = document.querySelector('[data-records="' + record.parentNode.dataset.records + '"]');
            let next = record.nextElementSibling;
            while (next && !document.getElementById(next.id)) {
                next = next.nextElementSibling;
            }
            if (next) {
                document.getElementById(next.id).before(record);
            } else if (list) {
                list.querySelectorAll('.ct-empty').forEach(function(empty) { empty.remove(); });
                list.append(record);
            }
        }
        if (holder) {
            closeForm(holder);
        }
        const saved = document.getElementById(anchor);
        if (saved) {
            saved.classList.add('ct-just-saved');
            saved.scrollIntoView({block: 'nearest'});
            const edit = saved.querySelector('[data-record-form]');
            if (edit) {
                edit.focus({preventScroll: true});
            }
        }
    }

    async function submitForm(form) {
        const holder = form.closest('.ct-editing');
        const button = form.querySelector('[type=submit]');
        button.disabled = true;
        let response;
        try {
            response = await fetch(form.action, {
                method: 'POST', body: new FormData(form), headers: HEADER, credentials: 'same-origin'
            });
        } catch (error) {
            button.disabled = false;
            showProblem(form, root.dataset.messageUnreachable);
            return;
        }
        const html = await response.text();
        if (response.headers.get('X-Record-Saved')) {
            applySaved(html, response.headers.get('X-Record-Anchor'), holder);
        } else if (response.status === 422) {
            holder.replaceChildren(parse(html));
            startWidgets(holder);
            focusFirstField(holder);
        } else {
            button.disabled = false;
            showProblem(form, root.dataset.messageFailed.replace('%(status)s', response.status));
        }
    }

    async function deleteRecord(link) {
        if (!window.confirm(link.dataset.confirm)) {
            return;
        }
        const record = link.closest('[data-record]');
        const body = new FormData();
        body.append('csrfmiddlewaretoken', csrfToken());
        const response = await fetch(link.href, {method: 'POST', body: body, headers: HEADER, credentials: 'same-origin'});
        if (!response.headers.get('X-Record-Saved')) {
            window.location.href = link.href;
            return;
        }
        const fresh = parse(await response.text());
        const section = record.closest('.ct-section');
        replaceById(fresh, 'timeline');
        replaceById(fresh, 'details');
        if (section) {
            replaceById(fresh, section.id + '-heading');
        }
        const list = record.parentNode;
        record.remove();
        if (list && !list.querySelector('[data-record]')) {
            const freshList = fresh.querySelector('[data-records="' + list.dataset.records + '"]');
            if (freshList) {
                list.replaceWith(freshList);
            }
        }
    }

    root.addEventListener('click', function(event) {
        const formLink = event.target.closest('a[data-record-form]');
        if (formLink && root.contains(formLink)) {
            event.preventDefault();
            openForm(formLink);
            return;
        }
        const deleteLink = event.target.closest('a[data-record-delete]');
        if (deleteLink) {
            event.preventDefault();
            deleteRecord(deleteLink);
            return;
        }
        const cancel = event.target.closest('[data-record-cancel]');
        if (cancel && cancel.closest('.ct-editing')) {
            event.preventDefault();
            closeForm(cancel.closest('.ct-editing'));
        }
    });

    root.addEventListener('submit', function(event) {
        const form = event.target.closest('form[data-record-form]');
        if (form && form.closest('.ct-editing')) {
            event.preventDefault();
            submitForm(form);
        }
    });

    // Escape closes the form it is pressed in (not while a picker or calendar is open).
    root.addEventListener('keydown', function(event) {
        if (event.key !== 'Escape' || event.defaultPrevented) {
            return;
        }
        const holder = event.target.closest && event.target.closest('.ct-editing');
        if (holder && !document.querySelector('.select2-container--open')) {
            closeForm(holder);
        }
    });
}

if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', startCaseWorkspace);
} else {
    startCaseWorkspace();
}
