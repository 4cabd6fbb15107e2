#!/usr/bin/env python3
"""Simplified polygons of the 19 model regions, dissolved from ReEDS balancing areas.

Inputs
  --shp      ReEDS BA shapefile (basename, without .shp), e.g. rb_and_ba_areas from
             PyPSA/pypsa-usa workflow/repo_data/geospatial/Reeds_Shapes/
             (fields: rb = p1..p134, BA_Code = EIA BA code; CRS given by the .prj)
  --mapping  ba_to_region.csv (columns ba, region, ...)

Steps
  1. read the BA polygons, repair invalid rings (make_valid), read the BA->region map.
     A BA listed under several regions goes to the region it is listed under most often
     (ties: first listed); this is reported. Every BA must appear in both inputs.
  2. clean the BA polygons into a proper coverage in the source CRS (shapely.coverage_clean:
     overlaps between neighbouring BAs removed, slivers narrower than --gap-width filled,
     shared edges made identical), then dissolve them per region (coverage_union_all).
  3. reproject to WGS84 lon/lat (pyproj; skipped if the .prj is already geographic WGS84).
  4. simplify with --tolerance degrees. --method coverage (default) uses
     shapely.coverage_simplify on all regions together, so neighbouring regions keep one
     common, gap-free border; --method simple uses geom.simplify(tol, preserve_topology=True)
     on each region on its own (borders of neighbours can then drift apart by up to ~tol).
  4b. densify edges longer than --max-segment-deg (default 1 degree), see the option help.
  5. round coordinates to --decimals (shapely.set_precision), orient rings per RFC 7946,
     drop parts smaller than --min-part-km2, write a GeoJSON FeatureCollection with one
     feature per region (property region_id).
  6. print file size and, per region, geodesic area, vertex count and parts; plus gap and
     overlap totals of the output. --png writes a check map (needs matplotlib).

Requires: pyshp, shapely>=2.1 (coverage_clean needs shapely 2.2 with GEOS>=3.14), pyproj.
"""
import argparse
import collections
import csv
import json
import os
import sys

import numpy as np
import pyproj
import shapefile
import shapely
from shapely.geometry import mapping, shape

REGIONS = ["CAISO", "ERCOT", "FRCC", "ISONE", "MISO_C", "MISO_N", "MISO_S", "NW", "NYISO",
           "PJM_DOM", "PJM_EAST", "PJM_WEST", "ROCKIES", "SERC_C", "SERC_E", "SERC_SE",
           "SPP_N", "SPP_S", "SW"]


def polygonal(g):
    """Valid (Multi)Polygon made of the polygonal parts of g."""
    if not g.is_valid:
        g = shapely.make_valid(g)
    if g.geom_type in ("Polygon", "MultiPolygon"):
        return g
    parts = [p for p in shapely.get_parts(g) if p.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts)


def read_bas(path):
    r = shapefile.Reader(path)
    names = [f[0] for f in r.fields[1:]]
    key = "rb" if "rb" in names else names[0]
    bas = {}
    for sr in r.iterShapeRecords():
        ba = str(sr.record[key]).strip()
        g = polygonal(shape(sr.shape.__geo_interface__))
        bas[ba] = shapely.union_all([bas[ba], g]) if ba in bas else g
    prj = path + ".prj"
    wkt = open(prj).read() if os.path.exists(prj) else None
    return bas, wkt


def read_mapping(path):
    rows = collections.defaultdict(list)
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            rows[row["ba"].strip()].append(row["region"].strip())
    ba2reg, notes = {}, []
    for ba, regs in rows.items():
        c = collections.Counter(regs)
        ba2reg[ba] = max(c, key=lambda k: (c[k], -regs.index(k)))
        if len(c) > 1:
            notes.append(f"{ba} listed under {dict(c)} -> assigned to {ba2reg[ba]} (majority)")
    return ba2reg, notes


def n_vertices(g):
    return int(shapely.get_num_coordinates(g))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shp", default=os.path.join(here, "src", "rb_and_ba_areas"))
    ap.add_argument("--mapping", default="/work/shared/data/ba_to_region.csv")
    ap.add_argument("--out", default=os.path.join(here, "regions.geojson"))
    ap.add_argument("--method", choices=["coverage", "simple"], default="coverage")
    ap.add_argument("--tolerance", type=float, default=0.05, help="simplification tolerance, degrees")
    ap.add_argument("--gap-width", type=float, default=3000.0,
                    help="fill gaps narrower than this between BAs (units of the source CRS; metres for Web Mercator)")
    ap.add_argument("--decimals", type=int, default=3)
    ap.add_argument("--max-segment-deg", type=float, default=1.0,
                    help="after simplifying, split edges longer than this (degrees), so that long straight borders"
                         " along parallels (e.g. 49N) are not bent into great circles by geodesic area"
                         " calculations or spherical renderers (d3-geo); 0 = off")
    ap.add_argument("--min-part-km2", type=float, default=0.0, help="drop polygon parts (islands) smaller than this")
    ap.add_argument("--png", default=None, help="optional check map")
    a = ap.parse_args()

    # 1. inputs
    bas, wkt = read_bas(a.shp)
    ba2reg, notes = read_mapping(a.mapping)
    missing_shape = sorted(set(ba2reg) - set(bas), key=lambda s: int(s[1:]) if s[1:].isdigit() else 0)
    missing_map = sorted(set(bas) - set(ba2reg))
    if missing_map:
        sys.exit(f"BAs in shapefile without region: {missing_map}")
    if missing_shape:
        print(f"WARNING: BAs in mapping without polygon: {missing_shape}")
    unknown = sorted(set(ba2reg.values()) - set(REGIONS))
    if unknown:
        sys.exit(f"unknown regions in mapping: {unknown}")
    for n in notes:
        print("NOTE:", n)
    print(f"{len(bas)} BA polygons, {len(ba2reg)} BAs in mapping, {len(set(ba2reg.values()))} regions")

    # CRS
    src = pyproj.CRS.from_wkt(wkt) if wkt else pyproj.CRS.from_epsg(4326)
    is_wgs84_geo = src.is_geographic and src.equals(pyproj.CRS.from_epsg(4326), ignore_axis_order=True)
    print(f"source CRS: {src.name} (EPSG:{src.to_epsg(min_confidence=20)}), "
          f"{'no reprojection' if is_wgs84_geo else 'reprojecting to EPSG:4326'}")

    # 2. clean coverage, dissolve
    ids = sorted(bas, key=lambda s: int(s[1:]) if s[1:].isdigit() else 0)
    geoms = np.array([bas[i] for i in ids], dtype=object)
    print(f"input BA coverage valid: {bool(shapely.coverage_is_valid(geoms))}")
    clean = shapely.coverage_clean(geoms, gap_width=a.gap_width)
    clean = np.array([polygonal(g) for g in clean], dtype=object)
    print(f"cleaned BA coverage valid: {bool(shapely.coverage_is_valid(clean))}")
    by_reg = collections.defaultdict(list)
    for i, g in zip(ids, clean):
        if not g.is_empty:
            by_reg[ba2reg[i]].append(g)
    regions = [r for r in REGIONS if r in by_reg]
    dissolved = np.array([polygonal(shapely.coverage_union_all(by_reg[r])) for r in regions], dtype=object)

    # 3. reproject
    if not is_wgs84_geo:
        tr = pyproj.Transformer.from_crs(src, "EPSG:4326", always_xy=True)
        dissolved = shapely.transform(dissolved, lambda xy: np.column_stack(tr.transform(xy[:, 0], xy[:, 1])))

    # 4. simplify
    if a.method == "coverage":
        simp = shapely.coverage_simplify(dissolved, a.tolerance)
    else:
        simp = np.array([g.simplify(a.tolerance, preserve_topology=True) for g in dissolved], dtype=object)

    if a.max_segment_deg > 0:
        simp = shapely.segmentize(simp, a.max_segment_deg)

    # 5. round, orient, drop tiny parts
    geod = pyproj.Geod(ellps="WGS84")
    garea = lambda g: abs(geod.geometry_area_perimeter(g)[0]) / 1e6
    out = []
    for g in simp:
        g = polygonal(shapely.set_precision(g, 10.0 ** -a.decimals))
        if a.min_part_km2 > 0:
            parts = [p for p in shapely.get_parts(g) if garea(p) >= a.min_part_km2]
            g = shapely.union_all(parts) if parts else g
        out.append(shapely.orient_polygons(g))
    out = np.array(out, dtype=object)

    feats = []
    for r, g in zip(regions, out):
        geom = mapping(g)
        feats.append({"type": "Feature", "properties": {"region_id": r}, "geometry": geom})
    fc = {"type": "FeatureCollection",
          "name": "model_regions",
          "crs_note": "WGS84 lon/lat (EPSG:4326)",
          "source": "ReEDS BA shapes (PyPSA/pypsa-usa rb_and_ba_areas.shp) dissolved by ba_to_region.csv",
          "features": feats}
    txt = json.dumps(fc, separators=(",", ":"))
    # json.dumps prints floats like 45.123 as-is; guard against float repr noise
    with open(a.out, "w") as f:
        f.write(txt)

    # 6. report
    print(f"\nwrote {a.out}: {os.path.getsize(a.out):,} bytes ({os.path.getsize(a.out)/1024:.1f} KiB), "
          f"method={a.method}, tolerance={a.tolerance} deg, decimals={a.decimals}")
    print(f"{'region':9} {'BAs':>4} {'area_km2':>11} {'unsimpl_km2':>11} {'d%':>6} {'vertices':>8} {'in_vert':>7} {'parts':>5} {'holes':>5} valid")
    tot_v = 0
    for r, g0, g in zip(regions, dissolved, out):
        a0 = garea(shapely.segmentize(g0, a.max_segment_deg) if a.max_segment_deg > 0 else g0)
        a1 = garea(g)
        nh = sum(len(p.interiors) for p in shapely.get_parts(g))
        nv = n_vertices(g); tot_v += nv
        print(f"{r:9} {len(by_reg[r]):4d} {a1:11,.0f} {a0:11,.0f} {100*(a1/a0-1):6.2f} {nv:8d} {n_vertices(g0):7d} "
              f"{len(shapely.get_parts(g)):5d} {nh:5d} {g.is_valid}")
    print(f"total vertices {tot_v}")
    absent = [r for r in REGIONS if r not in regions]
    print("all 19 regions present" if not absent else f"MISSING regions: {absent}")

    # gaps / overlaps of the output coverage (equal-area CONUS Albers for areas)
    ea = pyproj.Transformer.from_crs("EPSG:4326", "EPSG:5070", always_xy=True)
    to_ea = lambda arr: shapely.transform(arr, lambda xy: np.column_stack(ea.transform(xy[:, 0], xy[:, 1])))
    o_ea, d_ea = to_ea(out), to_ea(dissolved)
    tree = shapely.STRtree(o_ea)
    L, R = tree.query(o_ea, predicate="intersects")
    m = L < R
    overl = sum(shapely.intersection(o_ea[i], o_ea[j]).area for i, j in zip(L[m], R[m])) / 1e6
    u_out = shapely.union_all(o_ea)
    internal_gaps = sum(shapely.Polygon(h).area for p in shapely.get_parts(u_out) for h in p.interiors) / 1e6
    u_in = shapely.union_all(d_ea)
    in_holes = sum(shapely.Polygon(h).area for p in shapely.get_parts(u_in) for h in p.interiors) / 1e6
    print(f"output coverage valid: {bool(shapely.coverage_is_valid(out))}; "
          f"overlap between regions {overl:,.1f} km2; holes in union of regions {internal_gaps:,.1f} km2 "
          f"(before simplification {in_holes:,.1f} km2: water bodies kept); "
          f"outline area {u_out.area/1e6:,.0f} km2 vs unsimplified {u_in.area/1e6:,.0f} km2")

    if a.png:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        from matplotlib.patches import PathPatch
        from matplotlib.path import Path
        cmap = plt.get_cmap("tab20")
        fig, ax = plt.subplots(figsize=(16, 10))
        for k, (r, g) in enumerate(zip(regions, out)):
            for p in shapely.get_parts(g):
                rings = [np.asarray(p.exterior.coords)] + [np.asarray(h.coords) for h in p.interiors]
                verts = np.concatenate(rings)
                codes = np.concatenate([[Path.MOVETO] + [Path.LINETO] * (len(x) - 2) + [Path.CLOSEPOLY] for x in rings])
                ax.add_patch(PathPatch(Path(verts, codes), facecolor=cmap(k % 20), edgecolor="k", lw=0.5))
            rp = g.representative_point()
            ax.text(rp.x, rp.y, r, ha="center", va="center", fontsize=9, weight="bold",
                    bbox=dict(boxstyle="round,pad=0.15", fc="white", alpha=0.7, lw=0))
        ax.set_xlim(-125.5, -66); ax.set_ylim(24, 50); ax.set_aspect(1.25)
        ax.set_title(f"19 model regions from ReEDS BAs ({a.method} simplify, tol {a.tolerance} deg, "
                     f"{os.path.getsize(a.out)/1024:.0f} KiB)")
        ax.grid(lw=0.3)
        fig.savefig(a.png, dpi=90, bbox_inches="tight")
        print(f"wrote {a.png}")


if __name__ == "__main__":
    main()
