"""The core of the pipeline: read -> load -> model -> validate -> check -> rules, the problems they report, and the
writes every command shares. Knows nothing of views, pictures, reports or the command line."""
