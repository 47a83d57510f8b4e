"""The record: its values (models), the file that keeps them (store, fileio,
jsoncodec), time as the record means it (timeline), questions asked of it
(queries) and the three-way merge of two of its versions (merge).

Below the views, the formats and the command line; imports only from the
value helpers beside the package (errors, textutil, dates, names, ...)."""
