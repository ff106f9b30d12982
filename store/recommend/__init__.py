"""Recommendations from the papers' words: "more like this" and "for you".

- :mod:`~store.recommend.vectors`: TF-IDF vectors of every paper (title,
  abstract, keywords and the reader's tags), feature-hashed, built in chunks
  and kept per library until papers or the reader's words change.
- :mod:`~store.recommend.similar`: the papers nearest to one by cosine
  similarity, with the terms they share.
- :mod:`~store.recommend.foryou`: a linear model trained on the reader's
  decisions (or on one tag) that scores the papers still new.

scikit-learn, numpy and scipy are imported inside functions only, so neither
the TUI's start-up nor the command line's other commands pay for them.
"""
