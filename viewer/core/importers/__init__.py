"""Live-blog importers: copied page text, timestamped notes, RSS/Atom, JSON Feed and
schema.org LiveBlogPosting in saved HTML. Each returns an ``Imported`` bundle."""
