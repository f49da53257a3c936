"""The processes around the app: the embedded database, the embargo scheduler, opening the
database, the serving process's runtime tuning, and the child-process helpers they share."""
