"""The invented demo newsroom: its sections, authors, ad slots, stories and pictures.

``newsroom`` loads it (``cms seed``; ``cms serve --demo`` on an empty database), ``content``
holds what it says and ``pictures`` draws its pictures.
"""

from cms.demo.newsroom import DemoAlreadyLoaded, DemoSummary, load_demo

__all__ = ["DemoAlreadyLoaded", "DemoSummary", "load_demo"]
