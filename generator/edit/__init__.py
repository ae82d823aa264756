"""Editing journeys from their map pages (`journeymap serve --edit`).

The text of a journey file is patched where the edited node is (text), found by
the ids the site uses (journey); ops names the edits, session checks and
answers the HTTP requests and writes the files, page adds to a served journey
page what its editor needs. It sits on content: it never imports the site,
the printable maps or the commands, which wire it into the preview server.
"""
